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

    /// <summary>Where grain state lives: <c>memory</c> (lost when the silo stops). Default <c>memory</c>.</summary>
    [Required, RegularExpression("^memory$", ErrorMessage = "Storage must be 'memory'.")]
    public string Storage { get; set; } = "memory";

    /// <summary>Cluster id shared by silos and clients. Default <c>chord</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "chord";

    /// <summary>Service id, stable across deployments. Default <c>chord</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "chord";
}
