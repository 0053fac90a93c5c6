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

    /// <summary>A silo is stopping: it is shown as leaving (and sent no new work) until it is gone, and its later reports are ignored.</summary>
    [AlwaysInterleave, Alias("Leave")]
    Task LeaveAsync(string silo);

    /// <summary>The latest load of every silo that reported lately, those leaving marked so.</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<SiloView[]> GetAsync();
}
