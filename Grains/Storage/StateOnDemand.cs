using Orleans.Storage;

namespace Chord.Grains.Storage;

/// <summary>
/// A grain state read only when the grain needs it. <c>[PersistentState]</c> reads at every activation; a chord's
/// separate spec state exists only for large specs (and the previous release's chords), so reading it for every
/// new chord cost a storage read each (one in ten of a small chord's requests to Azurite).
/// </summary>
internal sealed class StateOnDemand<T>(IGrainStorage storage, string stateName, GrainId grainId) where T : class, new()
{
    private readonly GrainState<T> _state = new(new T());

    /// <summary>Whether the state was read (or written) since the activation began.</summary>
    public bool IsRead { get; private set; }

    public T State
    {
        get => _state.State ??= new T();
        set => _state.State = value;
    }

    /// <summary>Whether storage holds the state (as of the last read or write).</summary>
    public bool RecordExists => _state.RecordExists;

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, _state);
        _state.State ??= new T();
        IsRead = true;
    }

    public Task EnsureReadAsync() => IsRead ? Task.CompletedTask : ReadStateAsync();

    public async Task WriteStateAsync()
    {
        await storage.WriteStateAsync(stateName, grainId, _state);
        IsRead = true;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(stateName, grainId, _state);
        _state.State = new T();
    }
}
