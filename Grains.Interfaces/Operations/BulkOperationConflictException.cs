namespace Chord;

/// <summary>An operation was started under an id that already holds a different one.</summary>
[GenerateSerializer, Alias("chord.BulkOperationConflictException")]
public sealed class BulkOperationConflictException(string operationId)
    : Exception($"The operation '{operationId}' already exists with a different action or selection.")
{
    [Id(0)] public string OperationId { get; } = operationId;
}
