using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>The body: status in the Celery vocabulary (pending, started, retry, failure, success), result or error.</summary>
public sealed record BodyResponse(string Handler, BodyStatus Status, int Attempts, JsonElement? Result, TaskError? Error);
