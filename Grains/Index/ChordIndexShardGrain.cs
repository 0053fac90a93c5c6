using Chord.Grains.Lanes;
using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Chord.Grains.Index;

/// <summary>
/// One shard of the chord index: the rows of its chords in memory and in <see cref="IChordIndexStore"/>, written by
/// group commit (changes made while a write is under way share the next one; on Azure a write is one transaction of
/// up to 100 rows), and the chords' wake-ups. It is what wakes a chord whose activation is gone: an unfinished chord
/// not heard from for <see cref="ChordEngineOptions.ReminderPeriod"/> (and every unfinished chord when the shard
/// loads, after a start), a finished one when its records and later the chord itself are due to go. Wake-ups take
/// turns in the silo's housekeeping lane, a few at a time per shard, so a start with a backlog is spread over time.
/// The shard stays active (its timer keeps it alive); every silo starts all shards as it starts and now and again after.
/// </summary>
[Reentrant]
internal sealed partial class ChordIndexShardGrain(
    IChordIndexStore store,
    [FromKeyedServices(StorageNames.Chords)] IGrainStorage storage,
    HousekeepingLane housekeeping,
    ChordMetrics metrics,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<ChordIndexShardGrain> logger) : Grain, IChordIndexShardGrain
{
    /// <summary>Wake-ups of one shard under way at once (each also waits its turn in the housekeeping lane).</summary>
    private const int MostWaking = 4;

    /// <summary>How long a row told lazily may wait for the shard's next write.</summary>
    private static readonly TimeSpan LazyWrite = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, ChordIndexRow> _rows = [];
    private readonly IndexOrder _order = new();
    private readonly HashSet<string> _changed = [];
    private readonly Dictionary<string, DateTimeOffset> _wakeAt = [];
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private GroupCommit? _writes;
    private bool _writeSoon;

    private int Shard => (int)this.GetPrimaryKeyLong();

    private GroupCommit Writes => _writes ??= new GroupCommit(WriteChangesAsync);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var row in await store.LoadAsync(Shard))
        {
            Keep(row);

            // After a start, every unfinished chord is woken (its activation may have gone with the cluster), in turns.
            Schedule(row.Id, row.IsFinal && !row.FollowUpPending ? RetentionDue(row, now) : now);
        }

        LogLoaded(logger, Shard, _rows.Count, _rows.Values.Count(r => !r.IsFinal));
        if (Shard == 0)
        {
            await ImportLegacyIndexAsync();
        }

        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = Sweep,
            Interleave = true,
            KeepAlive = true,
        });
    }

    /// <summary>A shard that stops (its silo stops) stores what it was told lazily first, so a restart does not begin behind.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_changed.Count > 0)
        {
            try
            {
                await Writes.CommitAsync().WaitAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                LogWriteFailed(logger, exception, Shard); // the chords whose rows trail are woken after the next load
            }
        }
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task RecordAsync(ChordIndexRow row) => Apply(row) ? Writes.CommitAsync() : Task.CompletedTask;

    public Task TellAsync(ChordIndexRow row)
    {
        ApplyLazily(row);
        return Task.CompletedTask;
    }

    private void ApplyLazily(ChordIndexRow row)
    {
        if (Apply(row) && !_writeSoon)
        {
            _writeSoon = true;
            _ = WriteSoonAsync();
        }
    }

    /// <summary>Takes the chord's row in (unless a newer one is kept) and schedules its next wake-up; true when the row changed.</summary>
    private bool Apply(ChordIndexRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var now = time.GetUtcNow();
        if (_rows.TryGetValue(row.Id, out var known) && known.CreatedAt == row.CreatedAt && known.Version > row.Version)
        {
            return false; // an update that arrived after a newer one
        }

        // Heard from: the chord is awake and does what is due itself; the shard looks again a reminder period on at the earliest.
        var again = now + options.Value.ReminderPeriod;
        var due = row.IsFinal ? RetentionDue(row, now) : again;
        Schedule(row.Id, due > again ? due : again);
        if (known == row)
        {
            return false; // heard from, nothing new to store
        }

        Keep(row);
        _changed.Add(row.Id);
        return true;
    }

    /// <summary>Keeps <paramref name="row"/> in place of the chord's earlier one, in the listing order too.</summary>
    private void Keep(ChordIndexRow row)
    {
        if (_rows.TryGetValue(row.Id, out var earlier))
        {
            _order.Remove(earlier);
        }

        _rows[row.Id] = row;
        _order.Add(row);
    }

    /// <summary>Stores the rows told lazily, <see cref="LazyWrite"/> after the first of them (sooner if a recorded row's write carries them).</summary>
    private async Task WriteSoonAsync()
    {
        try
        {
            await Task.Delay(LazyWrite); // on the activation's scheduler: the write below is one of its turns
            _writeSoon = false;
            if (_changed.Count > 0)
            {
                await Writes.CommitAsync();
            }
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, Shard); // the rows stay changed and go with the next write
        }
        finally
        {
            _writeSoon = false;
        }
    }

    public Task ForgetAsync(string chordId, DateTimeOffset createdAt)
    {
        if (!_rows.TryGetValue(chordId, out var row) || row.CreatedAt != createdAt)
        {
            return Task.CompletedTask;
        }

        _rows.Remove(chordId);
        _order.Remove(row);

        _wakeAt.Remove(chordId);
        _changed.Add(chordId);
        return Writes.CommitAsync();
    }

    public Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit) => ListPageAsync(status, limit, after: null);

    public Task<ChordIndexEntry[]> ListPageAsync(ChordStatus? status, int limit, ChordListCursor? after) =>
        SearchAsync(new ChordIndexQuery { Status = status }, limit, after);

    public Task<ChordIndexEntry[]> SearchAsync(ChordIndexQuery query, int limit, ChordListCursor? after)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Newest first from the cursor; rows older than createdAfter cannot match, and none after them.
        var matches = ChordIndexText.Matcher(query);
        var page = _order.After(after)
            .TakeWhile(row => query.CreatedAfter is not { } from || row.CreatedAt >= from)
            .Where(matches)
            .Take(Math.Max(limit, 0))
            .Select(row => row.Entry)
            .ToArray();
        return Task.FromResult(page);
    }

    public Task<FailureSummary[]> FailuresAsync(FailureQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var chords = ChordIndexText.Matcher(new ChordIndexQuery { Labels = query.Labels }); // Since: the loop stops at the first older row
        var groups = new Dictionary<(string Handler, string ErrorType), (long Count, int Chords, List<ChordIndexEntry> Latest)>();
        foreach (var row in _order.After(null))
        {
            if (query.Since is { } since && row.CreatedAt < since)
            {
                break; // older rows follow
            }

            if (row.Failures is null || !chords(row))
            {
                continue;
            }

            foreach (var (handler, errorType, count) in ChordIndexText.FailuresOf(row.Failures))
            {
                if ((query.Handler is { } wantedHandler && handler != wantedHandler) || (query.ErrorType is { } wantedType && errorType != wantedType))
                {
                    continue;
                }

                var group = groups.TryGetValue((handler, errorType), out var known) ? known : (Count: 0L, Chords: 0, Latest: new List<ChordIndexEntry>());
                if (group.Latest.Count < FailureSummary.MaxLatest)
                {
                    group.Latest.Add(row.Entry); // rows come newest first
                }

                groups[(handler, errorType)] = (group.Count + count, group.Chords + 1, group.Latest);
            }
        }

        return Task.FromResult(groups.Select(g => new FailureSummary(g.Key.Handler, g.Key.ErrorType, g.Value.Count, g.Value.Chords, [.. g.Value.Latest])).ToArray());
    }

    /// <summary>How often the shard looks for chords due a wake-up.</summary>
    private TimeSpan Sweep => options.Value.ProbeInterval < TimeSpan.FromSeconds(1) ? options.Value.ProbeInterval : TimeSpan.FromSeconds(1);

    /// <summary>When a finished chord is due its next retention step (its records go, then the chord).</summary>
    private DateTimeOffset RetentionDue(ChordIndexRow row, DateTimeOffset now)
    {
        if (row.FinishedAt is not { } finishedAt || row.FollowUpPending)
        {
            return now + options.Value.ReminderPeriod; // the chord's webhook is not settled, or a row from the previous release's index: the chord says when
        }

        var engine = options.Value;
        return row.Purged
            ? finishedAt + engine.ChordRetention
            : finishedAt + (engine.ResultRetention < engine.ChordRetention ? engine.ResultRetention : engine.ChordRetention);
    }

    private void Schedule(string chordId, DateTimeOffset at)
    {
        if (_wakeAt.TryGetValue(chordId, out var scheduled) && scheduled == at)
        {
            return;
        }

        _wakeAt[chordId] = at;
        _due.Enqueue(chordId, at); // the entry it replaces stays in the queue and is skipped when it comes up
    }

    /// <summary>The next chord due a wake-up, if any; it is scheduled again a reminder period later, in case no word comes.</summary>
    private bool TryTakeDue(out string chordId, out ChordIndexRow row)
    {
        var now = time.GetUtcNow();
        while (_due.TryPeek(out chordId!, out var at) && at <= now)
        {
            _due.Dequeue();
            if (_wakeAt.TryGetValue(chordId, out var current) && current == at && _rows.TryGetValue(chordId, out row!))
            {
                Schedule(chordId, now + options.Value.ReminderPeriod);
                return true;
            }
        }

        chordId = null!;
        row = null!;
        return false;
    }

    /// <summary>Wakes every chord due, a few at a time (a grain timer's next tick waits for this one to end).</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var waking = new List<Task>();
        while (!cancellationToken.IsCancellationRequested && TryTakeDue(out var chordId, out var row))
        {
            if (waking.Count >= MostWaking)
            {
                waking.Remove(await Task.WhenAny(waking));
            }

            waking.Add(WakeAsync(chordId, row));
        }

        await Task.WhenAll(waking);
    }

    private async Task WakeAsync(string chordId, ChordIndexRow woken)
    {
        try
        {
            ChordIndexRow? now;
            using (await housekeeping.EnterAsync(1, CancellationToken.None))
            {
                now = await GrainFactory.GetGrain<IIndexedChordGrain>(chordId).WakeAsync();
            }

            if (now is not null)
            {
                ApplyLazily(now);
            }
            else if (_rows.TryGetValue(chordId, out var kept) && ReferenceEquals(kept, woken))
            {
                // No chord under the id: its submit never committed, or its deletion stopped short of the row.
                await ForgetAsync(chordId, woken.CreatedAt);
            }
        }
        catch (Exception exception)
        {
            LogWakeFailed(logger, exception, Shard, chordId); // woken again at the time scheduled when it was taken
        }
    }

    private Task WriteChangesAsync()
    {
        var changed = _changed.ToArray();
        _changed.Clear();
        if (changed.Length == 0)
        {
            return Task.CompletedTask;
        }

        metrics.StorageWrite("index");
        return WriteAsync(changed);
    }

    private async Task WriteAsync(string[] changed)
    {
        try
        {
            await store.WriteAsync(Shard, _rows, changed);
        }
        catch
        {
            _changed.UnionWith(changed); // the next write carries them again
            throw;
        }
    }

    /// <summary>
    /// The previous release kept a bounded list of recent chords in one grain's state (<see cref="ChordIndexState"/>);
    /// shard 0 moves its entries to their shards once and clears it. Their chords are woken a reminder period later
    /// and say then what they need.
    /// </summary>
    private async Task ImportLegacyIndexAsync()
    {
        var legacy = new GrainState<ChordIndexState>(new ChordIndexState());
        var legacyId = GrainId.Parse("chordindex/0");
        await storage.ReadStateAsync("index", legacyId, legacy);
        if (!legacy.RecordExists || legacy.State is not { } kept)
        {
            return;
        }

        foreach (var entry in kept.Entries)
        {
            // This shard's own entries directly: a call to itself would wait for the activation it is part of.
            var row = new ChordIndexRow(entry.Id, entry.CreatedAt, entry.Status, entry.Version);
            await (ChordIndexShards.Of(entry.Id) == Shard ? RecordAsync(row) : GrainFactory.ShardOf(entry.Id).RecordAsync(row));
        }

        await storage.ClearStateAsync("index", legacyId, legacy);
        LogImported(logger, kept.Entries.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chord index shard {Shard} loaded {Rows} rows ({Unfinished} unfinished chords to wake).")]
    private static partial void LogLoaded(ILogger logger, int shard, int rows, int unfinished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord index shard {Shard} could not wake chord {ChordId}; it tries again later.")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, int shard, string chordId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord index shard {Shard} could not store its rows; they go with its next write.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Entries} entries of the previous release's chord index to the index shards.")]
    private static partial void LogImported(ILogger logger, int entries);
}
