namespace Chord.GrainClient;

/// <summary>How a client finds the silos' gateways.</summary>
public enum ChordClustering
{
    /// <summary>Gateways at <see cref="ChordClusterOptions.GatewayHost"/> on <see cref="ChordClusterOptions.GatewayPorts"/> (the silos' <c>Storage=memory</c> mode).</summary>
    Localhost,

    /// <summary>The silos' membership table in Azure Storage (their <c>Storage=azure</c> mode), from <see cref="ChordClusterOptions.AzureStorage"/>.</summary>
    Azure,
}
