namespace Chord.Api.Contracts;

/// <summary>The newest bulk operations, newest first (<c>GET /v1/operations</c>).</summary>
public sealed record OperationListResponse(OperationResponse[] Items);
