using System.ComponentModel;
using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>A task or body in a submit request: a handler name and any JSON as arguments.</summary>
public sealed record TaskRequest(
    [property: Description("A handler registered on the silos (GET /v1/handlers).")] string? Handler,
    [property: Description("Any JSON value, passed to the handler as it is.")] JsonElement? Args);
