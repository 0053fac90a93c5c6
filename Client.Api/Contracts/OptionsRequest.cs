namespace Chord.Api.Contracts;

/// <summary>Per-chord options.</summary>
public sealed record OptionsRequest(int? MaxConcurrency, int? MaxAttempts);
