using System.Text.Json;

namespace Chord.Client;

/// <summary>The body: its handler, state, attempts, and its result (once it succeeded) or error.</summary>
public sealed record BodySnapshot(string Handler, BodyState Status, int Attempts, JsonElement? Result, TaskErrorInfo? Error);
