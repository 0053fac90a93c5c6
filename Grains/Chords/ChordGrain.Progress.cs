using System.Runtime.CompilerServices;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// The read side: snapshots, the watch stream, the task listing and the index of recent chords. Everything here
/// reads what was published after the last write, never the state being decided, so it can interleave freely.
/// </summary>
internal sealed partial class ChordGrain
{
    private ChordProgress? _published;
    private readonly UnitActivityBoard _activity = new();
    private DispatchView? _dispatch;
    private TaskCompletionSource _changed = NewSignal();
    private ChordStatus? _indexedStatus;
    private IGrainTimer? _indexRetry;

    public Task<ChordProgress?> GetProgressAsync() => Task.FromResult(CurrentProgress());

    public async IAsyncEnumerable<ChordProgress> WatchAsync(TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One snapshot per version: what units say they hold (queued, running) rides along with the next version.
        var seen = -1L;
        while (_published is { } snapshot)
        {
            if (snapshot.Version != seen)
            {
                seen = snapshot.Version;
                yield return ChordSnapshots.WithRate(snapshot, time.GetUtcNow());
            }

            if (snapshot.IsFinal)
            {
                yield break;
            }

            var changed = _changed.Task;
            if (_published?.Version == seen)
            {
                await changed.WaitAsync(cancellationToken);
            }

            if (minInterval > TimeSpan.Zero)
            {
                await Task.Delay(minInterval, time, cancellationToken);
            }
        }
    }

    public async Task<TaskPage?> ListTasksAsync(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        TaskListing.EnsureValid(query);
        if (_recorded is not { Exists: true } recorded || _published is not { } snapshot || _dispatch is not { } dispatch)
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

    /// <summary>Shows a written state to readers: the snapshot (with what its running units hold), the dispatch view for listings, and a wake-up for watchers.</summary>
    private void Publish(ChordState written)
    {
        _recorded = written;
        _dispatch = DispatchView.Of(written);
        _activity.Follow(written);
        _published = ChordSnapshots.Of(Id, written, _activity.Queued, _activity.Running);
        WakeWatchers();
    }

    public Task OnUnitActivityAsync(UnitActivity activity)
    {
        if (_recorded is { } recorded && _published is { } snapshot && _activity.Apply(activity, recorded))
        {
            // Not a new version: readers of the snapshot see it at once, watchers with the next version.
            _published = snapshot with { Tasks = ChordSnapshots.CountsOf(recorded, _activity.Queued, _activity.Running) };
        }

        return Task.CompletedTask;
    }

    private void WakeWatchers()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private ChordProgress? CurrentProgress() => _published is { } snapshot ? ChordSnapshots.WithRate(snapshot, time.GetUtcNow()) : null;

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
        if (_recorded is { } recorded && _indexedStatus != recorded.Status)
        {
            _indexedStatus = recorded.Status;
            _ = RecordInIndexAsync(recorded.Status, recorded.Version);
        }
    }

    private async Task RecordInIndexAsync(ChordStatus status, long version)
    {
        try
        {
            await GrainFactory.GetGrain<IChordIndexGrain>(0).RecordAsync(new ChordIndexEntry(Id, _recorded?.CreatedAt ?? State.CreatedAt, status, version));
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
