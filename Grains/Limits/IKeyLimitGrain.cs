namespace Chord.Grains.Limits;

/// <summary>One key's cluster-wide books (the key is the grain's key).</summary>
[Alias("chord.IKeyLimitGrain")]
internal interface IKeyLimitGrain : IGrainWithStringKey
{
    /// <summary>Renews <paramref name="silo"/>'s lease on the <paramref name="holding"/> permits it keeps and grants up to <paramref name="want"/> more; the permits granted.</summary>
    [Alias("Request")]
    Task<int> RequestAsync(string silo, int holding, int want, int limit);
}
