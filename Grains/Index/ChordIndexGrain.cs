using Chord.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Index;

/// <summary>
/// The bounded list of recent chords. Reentrant with group commit: changes made while a write is under way go
/// into the next write together, and each caller returns once a write holding its change succeeded, so a burst
/// of submissions costs a few writes, not one each.
/// </summary>
[Reentrant]
public sealed class ChordIndexGrain(
    [PersistentState("index", StorageNames.Chords)] IPersistentState<ChordIndexState> index,
    IOptions<ChordEngineOptions> options) : Grain, IChordIndexGrain
{
    private Task _writing = Task.CompletedTask;
    private Task? _nextWrite;

    private List<ChordIndexEntry> Entries => index.State.Entries;

    public Task RecordAsync(ChordIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = Entries.FindIndex(e => e.Id == entry.Id);
        if (at >= 0)
        {
            if (Entries[at] == entry)
            {
                return Task.CompletedTask;
            }

            Entries[at] = entry;
        }
        else
        {
            Insert(entry);
        }

        return _nextWrite ??= WriteAfterAsync(_writing);
    }

    public Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit)
    {
        var selected = status is { } wanted ? Entries.Where(e => e.Status == wanted) : Entries;
        return Task.FromResult(selected.Take(Math.Max(limit, 0)).ToArray());
    }

    /// <summary>Keeps the list newest first and bounded; an entry older than every kept one, in a full list, is dropped.</summary>
    private void Insert(ChordIndexEntry entry)
    {
        var at = Entries.FindIndex(e => e.CreatedAt < entry.CreatedAt);
        Entries.Insert(at < 0 ? Entries.Count : at, entry);
        var max = options.Value.RecentChords;
        if (Entries.Count > max)
        {
            Entries.RemoveRange(max, Entries.Count - max);
        }
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // Its callers saw that failure; this write carries their changes again.
        }

        // From here on, changes need the write after this one.
        _nextWrite = null;
        var write = index.WriteStateAsync();
        _writing = write;
        await write;
    }
}
