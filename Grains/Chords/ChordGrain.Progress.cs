using System.Runtime.CompilerServices;
using Chord.Grains.Index;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// The read side: snapshots, the watch stream, the task listing and the index of recent chords. Everything here
/// reads what was published after the last write, never the state being decided, so it can interleave freely.
/// </summary>
internal sealed partial class ChordGrain
{
    private ChordReadModel? _read;
    private ChordIndexRow? _indexed;
    private IGrainTimer? _indexRetry;

    public Task<ChordProgress?> GetProgressAsync() => Task.FromResult(CurrentProgress());

    public async IAsyncEnumerable<ChordProgress> WatchAsync(TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Loaded.EnsureAsync(); // a stream is served by a grain extension, which the call filter may not see

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

    /// <summary>The chord's row in its index shard, from a recorded state.</summary>
    private ChordIndexRow RowOf(ChordState state) => RowOf(state, ChordIndexText.OfFailures(state.FailureGroups));

    private ChordIndexRow RowOf(ChordState state, string? failures) => new(Id, state.CreatedAt, state.Status, state.Version, state.FinishedAt, state.Purged,
        ChordIndexText.OfLabels(state.Labels), ChordIndexText.OfHandlers((state.TaskHandlers ?? []).Append(state.BodyHandler)), failures, state.FollowUpPending);

    /// <summary>
    /// Tells the chord's index shard what it keeps that changed (the status, the finish, the purge, the failure
    /// counts), not every version: best effort, told again a probe interval after a failure, and by every activation
    /// and wake-up.
    /// </summary>
    private void UpdateIndex()
    {
        if (Read.Recorded is not { Exists: true } recorded)
        {
            return;
        }

        var failures = ChordIndexText.OfFailures(recorded.FailureGroups);
        if (_indexed is not { } indexed || indexed.Status != recorded.Status || indexed.Purged != recorded.Purged || indexed.CreatedAt != recorded.CreatedAt
            || indexed.Failures != failures || indexed.FollowUpPending != recorded.FollowUpPending)
        {
            var row = RowOf(recorded, failures);
            _indexed = row;
            _ = RecordInIndexAsync(row);
        }
    }

    private async Task RecordInIndexAsync(ChordIndexRow row)
    {
        try
        {
            // Told, not awaited to storage: the shard stores it with its next write. Should it be lost, the shard
            // wakes the chord it still has as unfinished, and the chord's answer carries the row.
            await GrainFactory.ShardOf(Id).TellAsync(row);
        }
        catch (Exception exception)
        {
            LogSendFailed(logger, exception, Id, "update the chord index");
            if (ReferenceEquals(_indexed, row))
            {
                _indexed = null;
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
