namespace Chord.Grains.Operations;

/// <summary>The chord as a bulk operation sees it: something to act on once per operation.</summary>
[Alias("chord.IOperableChordGrain")]
internal interface IOperableChordGrain : IGrainWithStringKey
{
    /// <summary>
    /// Redrives or cancels the chord for the operation <paramref name="operationId"/>, and records that it did in the
    /// same write: asked again by the same operation (which lost its record of the answer), it answers done without
    /// acting again. A chord in no state for the action is skipped, with why.
    /// </summary>
    [Alias("ApplyOperation")]
    Task<BulkChordOutcome> ApplyOperationAsync(string operationId, BulkAction action);
}
