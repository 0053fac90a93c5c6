namespace Chord;

/// <summary>
/// One bulk operation, addressed by its id: it redrives or cancels many chords, in the cluster, at most
/// <c>OperationRate</c> chords a second. It is durable: recorded before it starts, it goes on after a silo kill or a
/// whole restart from the last batch it recorded, and a chord it already acted on is never acted on again.
/// </summary>
[Alias("chord.IBulkOperationGrain")]
public interface IBulkOperationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and starts the operation. Throws <see cref="ChordValidationException"/> for a bad spec (nothing is
    /// started) and <see cref="BulkOperationConflictException"/> when this id already holds a different operation;
    /// the same spec again returns the existing operation.
    /// </summary>
    [Alias("Start")]
    Task<BulkOperationProgress> StartAsync(BulkOperationSpec spec);

    /// <summary>Where it stands, or <see langword="null"/> when no operation has this id.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<BulkOperationProgress?> GetAsync();
}
