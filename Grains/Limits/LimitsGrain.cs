using Chord.Grains.Storage;

namespace Chord.Grains.Limits;

/// <summary>
/// Keeps the runtime overrides of the limits (stored, so they outlive the cluster) and answers what is in effect.
/// Silos do not call it per task: each follows the overrides' version every half a second
/// (<see cref="LimitOverridesFollower"/>), so a change takes effect on all of them within a second.
/// </summary>
internal sealed class LimitsGrain(
    [PersistentState("limits", StorageNames.Chords)] IPersistentState<LimitsState> stored,
    CurrentLimits limits) : Grain, ILimitsGrain
{
    public Task<LimitEntry[]> ListAsync()
    {
        limits.Apply(Overrides()); // this silo's view at once, not at its next look
        return Task.FromResult(limits.List());
    }

    public async Task<LimitEntry> SetAsync(LimitKind kind, string name, LimitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        LimitChecks.ThrowIfInvalid(kind, name, settings);
        var entry = new LimitEntry(kind, name, settings, Overridden: true);
        stored.State.Entries.RemoveAll(e => e.Kind == kind && e.Name == name);
        stored.State.Entries.Add(entry);
        stored.State.Version++;
        await stored.WriteStateAsync();
        limits.Apply(Overrides());
        return entry;
    }

    public async Task<bool> ResetAsync(LimitKind kind, string name)
    {
        if (stored.State.Entries.RemoveAll(e => e.Kind == kind && e.Name == name) == 0)
        {
            return false;
        }

        stored.State.Version++;
        await stored.WriteStateAsync();
        limits.Apply(Overrides());
        return true;
    }

    public Task<LimitOverrides?> GetOverridesAsync(long knownVersion) =>
        Task.FromResult(knownVersion == stored.State.Version ? null : Overrides());

    private LimitOverrides Overrides() => new(stored.State.Version, [.. stored.State.Entries]);
}
