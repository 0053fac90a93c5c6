namespace Chord.Api.Hosting;

/// <summary>How the API reaches the cluster, bound from <c>Chord:Client</c>.</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Chord:Client";

    /// <summary>
    /// How the API finds the silos' gateways: <c>localhost</c> (the <see cref="GatewayPorts"/> on this machine) or
    /// <c>azure</c> (the membership table in Azure Storage, from <c>ConnectionStrings:AzureStorage</c>). Default <c>localhost</c>.
    /// </summary>
    public string Clustering { get; set; } = "localhost";

    /// <summary>Gateway ports of silos on this machine. Default [30000] (used when the list is empty).</summary>
    public int[] GatewayPorts { get; set; } = [];

    public int[] GatewayPortsOrDefault => GatewayPorts.Length == 0 ? [30000] : GatewayPorts;

    /// <summary>Cluster id shared with the silos. Default <c>chord</c>.</summary>
    public string ClusterId { get; set; } = "chord";

    /// <summary>Service id shared with the silos. Default <c>chord</c>.</summary>
    public string ServiceId { get; set; } = "chord";
}
