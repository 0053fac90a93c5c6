using System.Net;
using Chord.Grains;
using Chord.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chord.Bench;

/// <summary>Silos in this process on free ports (localhost clustering), wired by <see cref="TestSilo"/> with the engine's default settings.</summary>
public static class BenchSilo
{
    /// <param name="azureStorage">An Azure Storage connection string, or null for memory storage.</param>
    /// <summary>A key with a cluster-wide limit too high to bind, for the heavy lane's cost of a key limit.</summary>
    public const string KeyedBench = "bench-key";

    /// <param name="probe">What the <c>probe</c> handler counts on (one for all the silos).</param>
    /// <param name="limits">Key and handler limits besides the never-binding one.</param>
    public static async Task<IHost[]> StartAsync(int count, int heavyConcurrency, string? azureStorage = null, TestProbe? probe = null, Action<Chord.Grains.Limits.ChordLimitsOptions>? limits = null)
    {
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var ports = Enumerable.Range(0, count).Select(_ => (Silo: FreePort.Next(), Gateway: FreePort.Next())).ToArray();
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
                    builder.AddChordForTests(new TestSiloSettings
                    {
                        AzureStorage = azureStorage,
                        Probe = probe ?? new TestProbe(),
                        Engine = o =>
                        {
                            o.HeavyConcurrency = heavyConcurrency;
                            o.ResultRetention = TimeSpan.Zero; // so "memory after" shows what a finished chord leaves behind
                        },
                        Limits = o =>
                        {
                            o.Keys[KeyedBench] = new Chord.Grains.Limits.KeyLimitOptions { MaxRunning = 1_000 }; // a limit that never binds: its cost alone
                            limits?.Invoke(o);
                        },
                    });
                })
                .Build();
            await hosts[i].StartAsync();
        }

        return hosts;
    }

    /// <summary>Stops the silos, the first (the primary, which the others joined) last.</summary>
    public static async Task StopAsync(IHost[] hosts)
    {
        foreach (var host in hosts.Reverse())
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();
}
