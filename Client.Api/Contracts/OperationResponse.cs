using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>A bulk operation and how far it got: every chord it selected ends in exactly one of done, skipped and failed.</summary>
public sealed record OperationResponse(
    [property: Description("The operation's id.")] string Id,
    [property: Description("redrive or cancel.")] BulkAction Action,
    [property: Description("running, or completed once every chord it selected was acted on, skipped or failed.")] BulkOperationStatus Status,
    [property: Description("How many ids it was given (null when it selects by filter).")] int? IdCount,
    [property: Description("The filter it selects by (null when it was given ids).")] BulkFilterRequest? Filter,
    [property: Description("Chords selected so far (for ids: all of them from the start; for a filter: those found so far).")] int Matched,
    [property: Description("Chords redriven or cancelled.")] int Done,
    [property: Description("Chords in no state for the action (see skipReasons).")] int Skipped,
    [property: Description("Chords the cluster did not answer for.")] int Failed,
    [property: Description("Skipped chords counted by reason.")] Dictionary<string, int> SkipReasons,
    [property: Description("The first skipped chords (at most 100), with why.")] OperationNoteResponse[] Skips,
    [property: Description("The first chords it failed on (at most 100), with the error.")] OperationNoteResponse[] Failures,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static OperationResponse From(BulkOperationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var filter = progress.Spec.Filter is { } f
            ? new BulkFilterRequest(f.Status?.ToString().ToLowerInvariant(), f.Handler, f.Labels, null, f.CreatedAfter, f.CreatedBefore)
            : null;
        return new OperationResponse(progress.Id, progress.Spec.Action, progress.Status, progress.Spec.Ids?.Length, filter,
            progress.Matched, progress.Done, progress.Skipped, progress.Failed, progress.SkipReasons,
            [.. progress.Skips.Select(OperationNoteResponse.From)], [.. progress.Failures.Select(OperationNoteResponse.From)],
            progress.CreatedAt, progress.FinishedAt);
    }
}
