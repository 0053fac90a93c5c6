using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>One handler over <c>count</c> indexes (with shared <c>args</c>) or over <c>items</c>.</summary>
public sealed record MapRequest(string? Handler, int? Count, JsonElement[]? Items, JsonElement? Args);
