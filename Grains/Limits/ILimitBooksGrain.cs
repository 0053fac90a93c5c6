namespace Chord.Grains.Limits;

/// <summary>One cluster-wide limit's books (<see cref="LimitScope.GrainKey"/> is the grain's key).</summary>
[Alias("chord.ILimitBooksGrain")]
internal interface ILimitBooksGrain : IGrainWithStringKey
{
    /// <summary>Renews the silo's lease on the permits it keeps and grants what it asks for, within the limits.</summary>
    [Alias("Request")]
    Task<LimitGrant> RequestAsync(LimitRequest request);
}
