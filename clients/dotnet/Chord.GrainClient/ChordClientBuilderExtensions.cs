using System.Net;
using Azure.Data.Tables;
using Chord.GrainClient;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Joins an Orleans client to a Chord cluster in one call.</summary>
public static class ChordClientBuilderExtensions
{
    /// <summary>
    /// Sets the cluster identity and clustering exactly as Chord's silos use them: the membership table in Azure
    /// Storage (<see cref="ChordClustering.Azure"/>) or gateways on known ports (<see cref="ChordClustering.Localhost"/>,
    /// default 127.0.0.1:30000). The options are checked here: invalid ones throw <see cref="OptionsValidationException"/>
    /// before the client starts.
    /// </summary>
    public static IClientBuilder UseChordCluster(this IClientBuilder client, Action<ChordClusterOptions>? configure = null)
    {
        var options = new ChordClusterOptions();
        configure?.Invoke(options);
        return client.UseChordCluster(options);
    }

    /// <summary>As <see cref="UseChordCluster(IClientBuilder, Action{ChordClusterOptions}?)"/>, with options already made (e.g. bound from configuration).</summary>
    public static IClientBuilder UseChordCluster(this IClientBuilder client, ChordClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checkedOptions = new ChordClusterOptionsValidator().Validate(null, options);
        if (checkedOptions.Failed)
        {
            throw new OptionsValidationException(ChordClusterOptions.SectionName, typeof(ChordClusterOptions), checkedOptions.Failures);
        }

        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        if (options.Clustering == ChordClustering.Azure)
        {
            var connectionString = options.AzureStorage!;
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        }
        else
        {
            var host = GatewayAddress(options.GatewayHost);
            client.UseStaticClustering([.. options.GatewayPortsOrDefault.Select(port => new IPEndPoint(host, port))]);
        }

        return client;
    }

    private static IPAddress GatewayAddress(string host) =>
        IPAddress.TryParse(host, out var address)
            ? address
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new OptionsValidationException(ChordClusterOptions.SectionName, typeof(ChordClusterOptions), [$"Chord:Client:GatewayHost '{host}' has no address."]);
}
