using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Index;

/// <summary>
/// The bounded list of recent chords. Reentrant with group commit: changes made while a write is under way go
/// into the next write together, and each caller returns once a write holding its change succeeded, so a burst
/// of submissions costs a few writes, not one each.
/// </summary>
[Reentrant]
internal sealed class ChordIndexGrain(
    [PersistentState("index", StorageNames.Chords)] IPersistentState<ChordIndexState> index,
    ChordMetrics metrics,
    IOptions<ChordEngineOptions> options) : Grain, IChordIndexGrain, IChordIndexEntriesGrain
{
    private GroupCommit? _writes;

    private List<ChordIndexEntry> Entries => index.State.Entries;

    public Task RecordAsync(ChordIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = Entries.FindIndex(e => e.Id == entry.Id);
        if (at >= 0)
        {
            var known = Entries[at];
            if (known == entry || (known.CreatedAt == entry.CreatedAt && known.Version > entry.Version))
            {
                return Task.CompletedTask; // nothing new, or an update that arrived after a newer one
            }

            if (known.CreatedAt == entry.CreatedAt)
            {
                Entries[at] = entry;
            }
            else
            {
                // The id was submitted again after a submit that never committed: it moves to its new place.
                Entries.RemoveAt(at);
                Insert(entry);
            }
        }
        else if (!Insert(entry))
        {
            return Task.CompletedTask;
        }

        return Writes.CommitAsync();
    }

    public Task ForgetAsync(string chordId)
    {
        var at = Entries.FindIndex(e => e.Id == chordId);
        if (at < 0)
        {
            return Task.CompletedTask;
        }

        Entries.RemoveAt(at);
        return Writes.CommitAsync();
    }

    public Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit)
    {
        var selected = status is { } wanted ? Entries.Where(e => e.Status == wanted) : Entries;
        return Task.FromResult(selected.Take(Math.Max(limit, 0)).ToArray());
    }

    /// <summary>
    /// Keeps the list newest first and bounded; false when the entry is older than every kept one in a full list
    /// (it is dropped, and nothing changed).
    /// </summary>
    private bool Insert(ChordIndexEntry entry)
    {
        var max = options.Value.RecentChords;
        var at = Entries.FindIndex(e => e.CreatedAt < entry.CreatedAt);
        if (at < 0 && Entries.Count >= max)
        {
            return false;
        }

        Entries.Insert(at < 0 ? Entries.Count : at, entry);
        if (Entries.Count > max)
        {
            Entries.RemoveRange(max, Entries.Count - max);
        }

        return true;
    }

    /// <summary>The index's writes, one at a time: changes made while one is under way share the next (group commit).</summary>
    private GroupCommit Writes => _writes ??= new GroupCommit(() =>
    {
        metrics.StorageWrite("index");
        return index.WriteStateAsync();
    });
}
