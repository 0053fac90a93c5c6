using Chord.Grains.Operations;

namespace Chord.Grains.Chords;

/// <summary>Bulk operations: a redrive or a cancel asked by an operation, recorded with the operations that acted on the chord.</summary>
internal sealed partial class ChordGrain
{
    /// <summary>
    /// How many operations' ids a chord remembers. An operation asks a chord again only when it lost its record of
    /// the batch the chord was in, which is before it moves on; a chord is rarely in this many operations at once.
    /// </summary>
    private const int OperationsRemembered = 8;

    public async Task<BulkChordOutcome> ApplyOperationAsync(string operationId, BulkAction action)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        if (!State.Exists)
        {
            DeactivateOnIdle();
            return BulkChordOutcome.Skip(SkipReasons.NotFound, "No chord has this id.");
        }

        if (State.Operations.Contains(operationId, StringComparer.Ordinal))
        {
            return BulkChordOutcome.Applied;
        }

        return action switch
        {
            BulkAction.Redrive => await RedriveForAsync(operationId),
            BulkAction.Cancel => await CancelForAsync(operationId),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a bulk action."),
        };
    }

    private async Task<BulkChordOutcome> RedriveForAsync(string operationId)
    {
        if (WhyNotRedrivable() is { } why)
        {
            var reason = State switch
            {
                { Status: ChordStatus.Succeeded } => SkipReasons.Succeeded,
                { IsFinal: false } => SkipReasons.Running,
                { CombinerError: not null } => SkipReasons.CombinerFailed,
                _ => SkipReasons.Purged,
            };
            return BulkChordOutcome.Skip(reason, "It cannot be redriven: " + why);
        }

        await RedriveAsync(operationId);
        return BulkChordOutcome.Applied;
    }

    private async Task<BulkChordOutcome> CancelForAsync(string operationId)
    {
        if (await CancelAsync(operationId))
        {
            return BulkChordOutcome.Applied;
        }

        var status = State.Status.ToString().ToLowerInvariant();
        return State switch
        {
            { IsFinal: true } => BulkChordOutcome.Skip(SkipReasons.Finished, $"It already finished ({status})."),
            { Stop: StopReason.CancelRequested } => BulkChordOutcome.Skip(SkipReasons.Cancelling, "It was already being cancelled."),
            _ => BulkChordOutcome.Skip(SkipReasons.Failing, "It is already failing: its running tasks are being cancelled, and it will end failed."),
        };
    }

    /// <summary>The decision with <paramref name="operationId"/> among the operations that acted on the chord, written with it.</summary>
    private static ChordDecision WithOperation(ChordDecision decision, string? operationId)
    {
        if (operationId is null || !decision.Changed)
        {
            return decision;
        }

        // The decided state is the decider's own copy: nothing else holds it yet.
        decision.State.Operations = [.. decision.State.Operations.TakeLast(OperationsRemembered - 1), operationId];
        return decision;
    }
}
