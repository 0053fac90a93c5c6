namespace Chord.Api.Resilience;

/// <summary>Endpoint metadata: <see cref="TransientFailureFilter"/> does not run this endpoint again.</summary>
public sealed class NotRetried
{
    public static readonly NotRetried Instance = new();
}
