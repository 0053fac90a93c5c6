using Orleans.Storage;

namespace Chord.Grains.Storage;

/// <summary>
/// A grain state read only when the grain needs it. <c>[PersistentState]</c> reads at every activation, and for a
/// grain that is new (a chord submitted under an id just generated, the units it sends first) that read finds
/// nothing and costs a storage request all the same: two of a small chord's seven on Azurite. A grain that knows it
/// is new says so (<see cref="AssumeNew"/>) instead of reading; its first write is then an insert, which storage
/// refuses if a state exists after all (<see cref="InconsistentStateException"/>), so a wrong guess fails loudly
/// instead of overwriting anything.
/// </summary>
internal sealed class StateOnDemand<T> : IPersistentState<T> where T : class, new()
{
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly GrainId _grainId;
    private readonly GrainState<T> _state = new(new T());
    private readonly SharedOnce _read;

    public StateOnDemand(IGrainStorage storage, string stateName, GrainId grainId)
    {
        (_storage, _stateName, _grainId) = (storage, stateName, grainId);
        _read = new SharedOnce(ReadCoreAsync);
    }

    /// <summary>Whether the state was read, written or assumed new since the activation began.</summary>
    public bool IsRead => _read.IsDone;

    public T State
    {
        get => _state.State ??= new T();
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;

    /// <summary>Whether storage holds the state (as of the last read or write).</summary>
    public bool RecordExists => _state.RecordExists;

    /// <summary>Takes the state as absent without reading it: for a grain whose caller vouches that it never existed.</summary>
    public void AssumeNew()
    {
        _state.State = new T();
        _state.ETag = null;
        _state.RecordExists = false;
        _read.Skip();
    }

    /// <summary>Reads the state now, whatever was read before.</summary>
    public async Task ReadStateAsync()
    {
        await ReadCoreAsync();
        _read.Skip();
    }

    /// <summary>Reads the state unless it was read (or is being read: then waits for that read).</summary>
    public Task EnsureReadAsync() => _read.EnsureAsync();

    public async Task WriteStateAsync()
    {
        await AsOrleansAsync(_storage.WriteStateAsync(_stateName, _grainId, _state), "writing");
        _read.Skip();
    }

    public async Task ClearStateAsync()
    {
        await AsOrleansAsync(_storage.ClearStateAsync(_stateName, _grainId, _state), "clearing");
        _state.State = new T();
    }

    private async Task ReadCoreAsync()
    {
        await AsOrleansAsync(_storage.ReadStateAsync(_stateName, _grainId, _state), "reading");
        _state.State ??= new T();
    }

    /// <summary>
    /// Fails as <c>[PersistentState]</c> does: a storage client's own exception (a timeout, a refused connection) as
    /// an <see cref="OrleansException"/> that says it came from storage, which callers take as transient; an
    /// Orleans one (a conflict: <see cref="InconsistentStateException"/>) as it is.
    /// </summary>
    private async Task AsOrleansAsync(Task operation, string doing)
    {
        try
        {
            await operation;
        }
        catch (Exception exception) when (exception is not OrleansException)
        {
            throw new OrleansException($"Error from storage provider {_storage.GetType().Name}.{_stateName} {doing} the state of {_grainId}: {exception.Message}", exception);
        }
    }
}
