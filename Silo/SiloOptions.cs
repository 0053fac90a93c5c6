using System.ComponentModel.DataAnnotations;

namespace Chord.Silo;

/// <summary>How this silo joins the cluster, bound from <c>Chord:Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Chord:Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (Client.Api) connect to. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Where grain state, membership and the chord index live: <c>azure</c> (Azure Storage or Azurite, from the
    /// <c>ConnectionStrings:AzureStorage</c> connection string) or <c>memory</c> (lost when the silo stops;
    /// localhost clustering). Default <c>memory</c>.
    /// </summary>
    [EnumDataType(typeof(SiloStorage), ErrorMessage = "Chord:Silo:Storage must be 'memory' or 'azure'.")]
    public SiloStorage Storage { get; set; } = SiloStorage.Memory;

    /// <summary>With <c>memory</c> storage, the silo port of the first silo, which the others join. Default: this silo's own port.</summary>
    [Range(0, 65535)]
    public int PrimarySiloPort { get; set; }

    /// <summary>
    /// The address other silos and clients use to reach this one, with <c>azure</c> storage: an IP address, or
    /// <c>auto</c> for the address the host name resolves to (a container's own address). Default: 127.0.0.1,
    /// listening on loopback only.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster id shared by silos and clients. Default <c>chord</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "chord";

    /// <summary>Service id, stable across deployments. Default <c>chord</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "chord";

    /// <summary>
    /// The initial timeout of a membership liveness probe (Orleans adapts it between half and four times this).
    /// Unset: Orleans' default, 5 s. A shorter one declares a cut-off silo dead sooner, and a slow one by mistake.
    /// </summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes after which a silo suspects another and votes it dead. Unset: Orleans' default, 3.</summary>
    [Range(1, 100)]
    public int? NumMissedProbesLimit { get; set; }

    /// <summary>
    /// How often the silo reads the membership table. Unset: Orleans' default, 60 s. A silo cut off from the others
    /// learns only from the table that they declared it dead, and until then it keeps running its grains.
    /// </summary>
    public TimeSpan? TableRefreshTimeout { get; set; }
}
