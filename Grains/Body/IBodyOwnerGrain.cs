namespace Chord.Grains.Body;

/// <summary>
/// The grain that owns a body (its chord, key = chord id): the body grain reports each change of its state there.
/// Declared here, beside its caller, so the body does not depend on the chord that implements it.
/// </summary>
[Alias("chord.IBodyOwnerGrain")]
internal interface IBodyOwnerGrain : IGrainWithStringKey
{
    /// <summary>The body started, will retry, or finished. Idempotent: an older attempt's report changes nothing.</summary>
    [Alias("OnBodyChanged")]
    Task OnBodyChangedAsync(BodyReport report);
}
