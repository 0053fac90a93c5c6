using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Chord.Tests.Infrastructure;

/// <summary>An Orleans client of silo processes (<see cref="SiloProcess"/>) that find each other through Azure Storage clustering.</summary>
public static class ProcessClusterClient
{
    /// <summary>Starts a client of <paramref name="cluster"/> (its cluster and service id) whose membership is in <paramref name="azureStorage"/>.</summary>
    public static async Task<IHost> StartAsync(string cluster, string azureStorage)
    {
        var client = Host.CreateDefaultBuilder()
            .UseOrleansClient(c =>
            {
                c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, cluster));
                c.UseAzureStorageClustering(o => o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(azureStorage));
            })
            .Build();
        await client.StartAsync();
        return client;
    }

    /// <summary>The grain factory of a client started by <see cref="StartAsync"/>.</summary>
    public static IClusterClient Grains(this IHost client) => client.Services.GetRequiredService<IClusterClient>();
}
