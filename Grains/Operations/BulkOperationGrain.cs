using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Operations;

/// <summary>
/// Runs one bulk operation: takes its chords a batch at a time (the next slice of its ids, or the next page of its
/// filter's search of the index, among chords created before it started), acts on each (a few at once, paced to
/// <see cref="ChordEngineOptions.OperationRate"/>), then records the batch's tallies and where the next batch starts
/// in one write. A crash before that write repeats the batch, and each chord, remembering the operations that acted
/// on it, answers done without acting again: so every chord is acted on and counted exactly once. The operation is
/// entered in the list of operations before its first write, and the list resumes it after a silo kill or a restart.
/// </summary>
internal sealed partial class BulkOperationGrain(
    [PersistentState("operation", StorageNames.Chords)] IPersistentState<BulkOperationState> stored,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<BulkOperationGrain> logger) : Grain, IBulkOperationGrain, IBulkOperationRunGrain
{
    /// <summary>Chords per recorded batch: a crash repeats at most this many chords' calls (each answering at once).</summary>
    private const int Batch = 25;

    /// <summary>Chords acted on at once.</summary>
    private const int AtOnce = 8;

    /// <summary>Skipped and failed chords noted by id (each kind); the tallies count them all.</summary>
    private const int MostNotes = 100;

    /// <summary>
    /// Calls to a chord before it counts as failed, the waits between them doubling from <see cref="FirstRetry"/>: a
    /// call to a chord whose silo died fails until the cluster notices, seconds later; the next finds it elsewhere.
    /// </summary>
    private const int Tries = 5;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    /// <summary>How soon a run stopped by an error (storage, the index) tries again.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private IGrainTimer? _runner;
    private DateTimeOffset _nextStart;

    private string Id => this.GetPrimaryKeyString();

    private BulkOperationState State => stored.State;

    private IBulkOperationRegistryGrain Registry => GrainFactory.GetGrain<IBulkOperationRegistryGrain>(0);

    public async Task<BulkOperationProgress> StartAsync(BulkOperationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = BulkOperationRules.Validate(spec, options.Value.MaxIdLength);
        if (errors.Count > 0)
        {
            throw new ChordValidationException(errors);
        }

        spec = BulkOperationRules.Normalized(spec);
        if (State.Exists)
        {
            if (!State.Spec!.SameAs(spec))
            {
                throw new BulkOperationConflictException(Id);
            }

            EnsureRunning();
            return Progress();
        }

        var now = time.GetUtcNow();

        // Entered first: an operation recorded but not entered would never be resumed; one entered but never
        // recorded is dropped from the list when the list tries to resume it.
        await Registry.AddAsync(Id, now);
        stored.State = new BulkOperationState { Spec = spec, CreatedAt = now, Matched = spec.Ids?.Length ?? 0 };
        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            stored.State = new BulkOperationState();
            throw;
        }

        LogStarted(logger, Id, spec.Action, spec.Ids?.Length);
        EnsureRunning();
        return Progress();
    }

    public Task<BulkOperationProgress?> GetAsync() => Task.FromResult(State.Exists ? Progress() : null);

    public Task<bool> ResumeAsync()
    {
        if (!State.Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult(false);
        }

        EnsureRunning();
        return Task.FromResult(true);
    }

    public async Task ForgetAsync()
    {
        if (State.Exists)
        {
            await stored.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    /// <summary>Runs the operation until it completes, in this activation's timer; a tick that ends in an error is followed by another.</summary>
    private void EnsureRunning()
    {
        if (State.Status is BulkOperationStatus.Running && _runner is null)
        {
            _runner = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = RetryAfter,
                Interleave = true,
                KeepAlive = true,
            });
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (State.Status is BulkOperationStatus.Running && !cancellationToken.IsCancellationRequested)
            {
                await RunBatchAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the activation goes: the next one repeats the unrecorded batch
        }
        catch (Exception exception)
        {
            LogBatchFailed(logger, exception, Id, RetryAfter);
            return;
        }

        if (State.Status is BulkOperationStatus.Completed)
        {
            await Registry.FinishedAsync(Id);
            _runner?.Dispose();
            _runner = null;
            LogCompleted(logger, Id, State.Matched, State.Done, State.Skipped, State.Failed);
        }
    }

    /// <summary>One batch, recorded in one write; stopped unrecorded when the activation goes (its next one repeats it).</summary>
    private async Task RunBatchAsync(CancellationToken cancellationToken)
    {
        var spec = State.Spec!;
        var (chords, cursor, last) = spec.Ids is { } ids ? NextIds(ids) : await NextFoundAsync(spec.Filter!);
        var outcomes = await ActOnAsync(chords, spec.Action, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // a call failed as the silo stops is no chord's failure
        for (var i = 0; i < chords.Length; i++)
        {
            Tally(chords[i], outcomes[i]);
        }

        if (spec.Ids is not null)
        {
            State.Position += chords.Length;
        }
        else
        {
            State.Matched += chords.Length;
            State.Cursor = cursor ?? State.Cursor;
        }

        if (last)
        {
            State.Status = BulkOperationStatus.Completed;
            State.FinishedAt = time.GetUtcNow();
        }

        await stored.WriteOwnedStateAsync();
    }

    private (string[] Chords, ChordListCursor? Cursor, bool Last) NextIds(string[] ids)
    {
        var batch = ids.AsSpan(State.Position, Math.Min(Batch, ids.Length - State.Position)).ToArray();
        return (batch, null, State.Position + batch.Length >= ids.Length);
    }

    /// <summary>The filter's next page, among the chords created before the operation started (later ones are not its to act on).</summary>
    private async Task<(string[] Chords, ChordListCursor? Cursor, bool Last)> NextFoundAsync(ChordIndexQuery filter)
    {
        var before = filter.CreatedBefore is { } given && given < State.CreatedAt ? given : State.CreatedAt;
        var found = await GrainFactory.GetGrain<IChordIndexGrain>(0).SearchAsync(filter with { CreatedBefore = before }, Batch, State.Cursor);
        return ([.. found.Select(entry => entry.Id)], found.Length > 0 ? ChordListCursor.After(found[^1]) : null, found.Length < Batch);
    }

    /// <summary>Each chord's outcome, or the error that made it fail, acting on up to <see cref="AtOnce"/> at a time at the operation's pace.</summary>
    private async Task<object[]> ActOnAsync(string[] chords, BulkAction action, CancellationToken cancellationToken)
    {
        var outcomes = new object[chords.Length];
        using var slots = new SemaphoreSlim(AtOnce);
        await Task.WhenAll(chords.Select(async (chordId, i) =>
        {
            await slots.WaitAsync();
            try
            {
                await PaceAsync();
                outcomes[i] = await ActOnAsync(chordId, action, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
        return outcomes;
    }

    private async Task<object> ActOnAsync(string chordId, BulkAction action, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GrainFactory.GetGrain<IOperableChordGrain>(chordId).ApplyOperationAsync(Id, action);
            }
            catch (Exception exception) when (attempt < Tries && !cancellationToken.IsCancellationRequested)
            {
                LogChordRetried(logger, exception, Id, chordId, attempt);
                await Task.Delay(wait, cancellationToken);
                wait *= 2;
            }
            catch (Exception exception)
            {
                return exception;
            }
        }
    }

    /// <summary>Waits for the chord's turn: chords start at most <see cref="ChordEngineOptions.OperationRate"/> a second (wall-clock).</summary>
    private Task PaceAsync()
    {
        var now = TimeProvider.System.GetUtcNow();
        var start = _nextStart > now ? _nextStart : now;
        _nextStart = start + TimeSpan.FromSeconds(1.0 / options.Value.OperationRate);
        return start > now ? Task.Delay(start - now) : Task.CompletedTask;
    }

    private void Tally(string chordId, object outcome)
    {
        switch (outcome)
        {
            case BulkChordOutcome { Done: true }:
                State.Done++;
                break;
            case BulkChordOutcome skipped:
                State.Skipped++;
                State.SkipReasons[skipped.Reason!] = State.SkipReasons.GetValueOrDefault(skipped.Reason!) + 1;
                Note(State.Skips, new BulkChordNote(chordId, skipped.Reason!, skipped.Message ?? ""));
                break;
            case Exception error:
                State.Failed++;
                Note(State.Failures, new BulkChordNote(chordId, error.GetType().Name, error.Message));
                break;
        }
    }

    private static void Note(List<BulkChordNote> notes, BulkChordNote note)
    {
        if (notes.Count < MostNotes)
        {
            notes.Add(note);
        }
    }

    private BulkOperationProgress Progress() => new()
    {
        Id = Id,
        Spec = State.Spec!,
        Status = State.Status,
        Matched = State.Matched,
        Done = State.Done,
        Skipped = State.Skipped,
        Failed = State.Failed,
        SkipReasons = new Dictionary<string, int>(State.SkipReasons),
        Skips = [.. State.Skips],
        Failures = [.. State.Failures],
        CreatedAt = State.CreatedAt,
        FinishedAt = State.FinishedAt,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Operation {OperationId} started: {Action} of {Ids} chords (null: those a filter selects).")]
    private static partial void LogStarted(ILogger logger, string operationId, BulkAction action, int? ids);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operation {OperationId} completed: {Matched} matched, {Done} done, {Skipped} skipped, {Failed} failed.")]
    private static partial void LogCompleted(ILogger logger, string operationId, int matched, int done, int skipped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} stopped at a batch; it goes on in {RetryAfter}.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string operationId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Operation {OperationId}: chord {ChordId} did not answer (try {Attempt}); asking again.")]
    private static partial void LogChordRetried(ILogger logger, Exception exception, string operationId, string chordId, int attempt);
}
