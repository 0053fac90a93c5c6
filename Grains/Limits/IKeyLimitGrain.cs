namespace Chord.Grains.Limits;

/// <summary>One key's cluster-wide books (the key is the grain's key).</summary>
[Alias("chord.IKeyLimitGrain")]
internal interface IKeyLimitGrain : IGrainWithStringKey
{
    /// <summary>Renews the silo's lease on the permits it keeps and grants what it asks for, within the limits.</summary>
    [Alias("Request")]
    Task<KeyGrant> RequestAsync(KeyRequest request);
}
