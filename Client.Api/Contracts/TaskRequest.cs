using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>A task or body in a submit request: a handler name and any JSON as arguments.</summary>
public sealed record TaskRequest(string? Handler, JsonElement? Args);
