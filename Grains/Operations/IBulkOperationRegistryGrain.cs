namespace Chord.Grains.Operations;

/// <summary>The list of operations as the operations and the silos see it: where an operation is entered before it starts, so that it is resumed.</summary>
[Alias("chord.IBulkOperationRegistryGrain")]
internal interface IBulkOperationRegistryGrain : IBulkOperationListGrain
{
    /// <summary>Enters an operation about to start (idempotent).</summary>
    [Alias("Add")]
    Task AddAsync(string operationId, DateTimeOffset createdAt);

    /// <summary>Marks it finished: it is no longer resumed.</summary>
    [Alias("Finished")]
    Task FinishedAsync(string operationId);

    /// <summary>Resumes every unfinished operation (each silo calls this as it starts and now and again after).</summary>
    [Alias("ResumeAll")]
    Task ResumeAllAsync();
}
