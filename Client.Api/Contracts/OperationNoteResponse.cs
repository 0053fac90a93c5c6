using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>A chord an operation skipped or failed on.</summary>
public sealed record OperationNoteResponse(
    [property: Description("The chord.")] string ChordId,
    [property: Description("Why, as a code: for a skip not-found, running, succeeded, purged, combiner-failed, finished, failing or cancelling; for a failure the error's type.")] string Reason,
    [property: Description("What happened, for people.")] string Message)
{
    public static OperationNoteResponse From(BulkChordNote note) => new(note.ChordId, note.Reason, note.Message);
}
