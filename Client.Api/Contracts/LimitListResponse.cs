namespace Chord.Api.Contracts;

/// <summary><c>GET /v1/limits</c>: every key and handler with limits in effect, by name.</summary>
public sealed record LimitListResponse(LimitResponse[] Keys, LimitResponse[] Handlers);
