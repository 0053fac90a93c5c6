using System.Net;
using Chord.Grains;
using Chord.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chord.Bench;

/// <summary>Silos in this process, wired like the Silo host (localhost clustering, memory storage), on free ports.</summary>
public static class BenchSilo
{
    /// <param name="azureStorage">An Azure Storage connection string, or null for memory storage.</param>
    public static async Task<IHost[]> StartAsync(int count, int heavyConcurrency, string? azureStorage = null)
    {
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var ports = Enumerable.Range(0, count).Select(_ => (Silo: FreePort(), Gateway: FreePort())).ToArray();
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0].Silo);
        var hosts = new IHost[count];
        for (var i = 0; i < count; i++)
        {
            var (silo, gateway) = ports[i];
            hosts[i] = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .UseOrleans(builder =>
                {
                    builder.UseLocalhostClustering(silo, gateway, primary, clusterId, clusterId);
                    if (azureStorage is null)
                    {
                        builder.AddChordMemoryStorage();
                    }
                    else
                    {
                        builder.AddChordAzureStorage(azureStorage);
                    }

                    builder.AddChordEngine();
                    builder.Services.Configure<ChordEngineOptions>(o =>
                    {
                        o.HeavyConcurrency = heavyConcurrency;
                        o.ResultRetention = TimeSpan.Zero; // so "memory after" shows what a finished chord leaves behind
                    });
                })
                .Build();
            await hosts[i].StartAsync();
        }

        return hosts;
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
