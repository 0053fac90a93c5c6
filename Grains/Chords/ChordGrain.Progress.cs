using System.Runtime.CompilerServices;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// The read side: snapshots, the watch stream, the task listing and the index of recent chords. Everything here
/// reads what was published after the last write, never the state being decided, so it can interleave freely.
/// </summary>
internal sealed partial class ChordGrain
{
    private ChordReadModel? _read;
    private ChordStatus? _indexedStatus;
    private IGrainTimer? _indexRetry;

    public Task<ChordProgress?> GetProgressAsync() => Task.FromResult(CurrentProgress());

    public async IAsyncEnumerable<ChordProgress> WatchAsync(TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One snapshot per version: what units say they hold (queued, running) rides along with the next version.
        var seen = -1L;
        var sentAt = DateTimeOffset.MinValue;
        while (Read.Snapshot is { } snapshot)
        {
            if (snapshot.Version != seen)
            {
                seen = snapshot.Version;
                sentAt = time.GetUtcNow();
                yield return ChordSnapshots.WithRate(snapshot, sentAt);
            }

            if (snapshot.IsFinal)
            {
                yield break;
            }

            var changed = Read.Changed;
            if (Read.Snapshot?.Version == seen)
            {
                await changed.WaitAsync(cancellationToken);
            }

            await PaceAsync(sentAt + minInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Holds the next progress snapshot of a watch until <paramref name="due"/> (at most one per interval), but not
    /// the final one: the end of a chord goes out as soon as it is written (a small chord's whole life is shorter
    /// than the interval, and its caller waits for exactly that event).
    /// </summary>
    private async Task PaceAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero && Read.Snapshot is { IsFinal: false }; wait = due - time.GetUtcNow())
        {
            var changed = Read.Changed;
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, time, pause.Token);
            await Task.WhenAny(delay, changed);
            await pause.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async Task<TaskPage?> ListTasksAsync(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        TaskListing.EnsureValid(query);
        if (Read.Recorded is not { Exists: true } recorded || Read.Snapshot is not { } snapshot || Read.Dispatch is not { } dispatch)
        {
            return null;
        }

        var total = snapshot.Tasks.In(query.Phase);
        if (recorded.Purged || recorded.PurgedUnits > 0 || _purging)
        {
            return new TaskPage { Items = [], Total = total, Purged = true };
        }

        using var place = listings.TryEnter() ?? throw new ChordBusyException(Id, ListingGate.RetryAfterSeconds);
        var listing = new TaskListing(
            await SpecAsync(),
            dispatch,
            (unit, skip, maxBytes) => GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).ReadRecordsAsync(skip, maxBytes),
            unit => GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).ReadLiveTasksAsync());
        var (items, next) = await listing.ReadAsync(query);
        ReleaseSpecIfFinal();
        return new TaskPage { Items = [.. items], Total = total, Next = next };
    }

    /// <summary>What readers see (<see cref="ChordReadModel"/>).</summary>
    private ChordReadModel Read => _read ??= new ChordReadModel(Id);

    public Task OnUnitActivityAsync(UnitActivity activity)
    {
        Read.Apply(activity);
        return Task.CompletedTask;
    }

    private ChordProgress? CurrentProgress() => Read.Snapshot is { } snapshot ? ChordSnapshots.WithRate(snapshot, time.GetUtcNow()) : null;

    /// <summary>How long a submit waits for the index of recent chords before it goes on without it.</summary>
    private static readonly TimeSpan IndexWait = TimeSpan.FromSeconds(1);

    /// <summary>Lists a new chord, waiting at most <see cref="IndexWait"/>; when that fails, the next commit or reminder tries again.</summary>
    private async Task TryListAsync(ChordState created)
    {
        try
        {
            // Real time, not the engine's clock: this is a wait on infrastructure, not a time the chord records.
            await GrainFactory.GetGrain<IChordIndexGrain>(0).RecordAsync(new ChordIndexEntry(Id, created.CreatedAt, created.Status, created.Version)).WaitAsync(IndexWait, TimeProvider.System);
            _indexedStatus = created.Status;
        }
        catch (Exception exception)
        {
            // Whatever the index's trouble (its silo gone, its storage failing), the chord does not depend on it.
            LogSendFailed(logger, exception, Id, "list the chord in the index of recent chords");
        }
    }

    /// <summary>Tells the index of recent chords about a new status (best effort: every activation and reminder tells it again).</summary>
    private void UpdateIndex()
    {
        if (Read.Recorded is { } recorded && _indexedStatus != recorded.Status)
        {
            _indexedStatus = recorded.Status;
            _ = RecordInIndexAsync(recorded.Status, recorded.Version);
        }
    }

    private async Task RecordInIndexAsync(ChordStatus status, long version)
    {
        try
        {
            await GrainFactory.GetGrain<IChordIndexGrain>(0).RecordAsync(new ChordIndexEntry(Id, Read.Recorded?.CreatedAt ?? State.CreatedAt, status, version));
        }
        catch (Exception exception)
        {
            // Told again after a probe interval (or by the next commit, activation or reminder).
            LogSendFailed(logger, exception, Id, "update the chord index");
            if (_indexedStatus == status)
            {
                _indexedStatus = null;
                _indexRetry ??= this.RegisterGrainTimer(
                    _ =>
                    {
                        _indexRetry?.Dispose();
                        _indexRetry = null;
                        UpdateIndex();
                        return Task.CompletedTask;
                    },
                    new GrainTimerCreationOptions { DueTime = options.Value.ProbeInterval, Period = Timeout.InfiniteTimeSpan, Interleave = true });
            }
        }
    }
}
