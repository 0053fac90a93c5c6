namespace Chord.Api.Contracts;

/// <summary><c>GET /v1/failures</c>: the failed tasks of every retained chord searched, by handler and error type, most first.</summary>
public sealed record FailuresResponse(FailureGroupResponse[] Groups);
