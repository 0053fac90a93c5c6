namespace Chord;

/// <summary>
/// The silos' loads, as each silo last reported them (one grain, key 0, in memory: after a failover the silos
/// fill it again within a report interval). Membership (which silos are active, since when) comes from Orleans.
/// </summary>
[Alias("chord.IClusterViewGrain")]
public interface IClusterViewGrain : IGrainWithIntegerKey
{
    /// <summary>A silo's current load.</summary>
    [AlwaysInterleave, Alias("Report")]
    Task ReportAsync(SiloLoad load);

    /// <summary>A silo leaves: its load is forgotten.</summary>
    [AlwaysInterleave, Alias("Leave")]
    Task LeaveAsync(string silo);

    /// <summary>The latest load of every silo that reported and did not leave.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<SiloView[]> GetAsync();
}
