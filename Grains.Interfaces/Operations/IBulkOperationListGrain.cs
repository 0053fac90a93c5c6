namespace Chord;

/// <summary>The bulk operations the cluster keeps (the newest 1,000), newest first. Use key 0.</summary>
[Alias("chord.IBulkOperationListGrain")]
public interface IBulkOperationListGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="limit"/> operations, newest first.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<BulkOperationProgress[]> ListAsync(int limit);
}
