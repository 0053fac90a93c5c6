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
    /// Where grain state, membership and reminders live: <c>azure</c> (Azure Storage or Azurite, from the
    /// <c>ConnectionStrings:AzureStorage</c> connection string) or <c>memory</c> (lost when the silo stops;
    /// localhost clustering). Default <c>memory</c>.
    /// </summary>
    [Required, RegularExpression("^(memory|azure)$", ErrorMessage = "Storage must be 'memory' or 'azure'.")]
    public string Storage { get; set; } = "memory";

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
}
