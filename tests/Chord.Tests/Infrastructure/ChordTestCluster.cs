using System.Collections.Concurrent;
using Chord.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// In-process clusters wired by <see cref="TestSilo"/> (as the benchmark's and the API tests' silos are), with a
/// 2 s response timeout, so tests prove that work and queues longer than it still complete, and K = 2.
/// </summary>
public static class ChordTestCluster
{
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(2);

    public static async Task<InProcessTestCluster> StartAsync(
        short silos,
        TestProbe probe,
        bool processWideStorage = false,
        Action<ChordEngineOptions>? engine = null,
        string? azureStorage = null,
        Action<ISiloBuilder>? silo = null,
        StorageFaults? faults = null,
        TimeProvider? clock = null,
        ConcurrentDictionary<string, (object State, string ETag)>? store = null,
        Action<Chord.Grains.Webhooks.ChordWebhookOptions>? webhooks = null)
    {
        var settings = new TestSiloSettings
        {
            Probe = probe,
            AzureStorage = azureStorage,
            SharedStore = store ?? (processWideStorage || faults is not null ? new ConcurrentDictionary<string, (object State, string ETag)>() : null),
            Faults = faults,
            Clock = clock,
            Webhooks = webhooks,
            Engine = o =>
            {
                TestSiloSettings.QuickRecovery(o);
                engine?.Invoke(o);
            },
        };
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddChordForTests(settings);
            siloBuilder.Services.AddSingleton<Chord.Grains.Cluster.ISiloRecycler, InProcessRecycler>();
            siloBuilder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            silo?.Invoke(siloBuilder);
        });
        builder.ConfigureClient(client => client.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
        if (azureStorage is not null)
        {
            // Every cluster gets a new ClusterId; a new cluster over old storage must share the ServiceId to read it.
            builder.Options.ServiceId = "chord-tests-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(azureStorage)))[..12];
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
