using System.Collections.Concurrent;
using Chord.Grains;
using Chord.Grains.Handlers;
using Chord.Grains.Hosting;
using Chord.Tests.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// Builds in-process clusters the way the silo host wires the engine, with test settings: a 2 s response
/// timeout (so tests prove work and queues longer than it), a 1 s probe interval, K = 2, and the test handlers.
/// </summary>
public static class ChordTestCluster
{
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(2);

    public static async Task<InProcessTestCluster> StartAsync(
        short silos,
        TestProbe probe,
        bool processWideStorage = false,
        Action<ChordEngineOptions>? engine = null,
        string? azureStorage = null)
    {
        var store = new ConcurrentDictionary<string, (object State, string ETag)>();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (azureStorage is not null)
            {
                silo.AddChordAzureStorage(azureStorage);
            }
            else if (processWideStorage)
            {
                ProcessWideGrainStorage.AddTo(silo.Services, store);

                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.AddChordMemoryStorage();
            }

            silo.AddChordEngine(handlers => handlers
                .AddTask<ProbeHandler>("probe", TaskLane.Heavy)
                .AddBody<RecordingSumHandler>("record-sum"));
            silo.Services.AddSingleton(probe);
            silo.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            silo.Services.Configure<ChordEngineOptions>(o =>
            {
                o.ProbeInterval = TimeSpan.FromSeconds(1);
                o.RetryDelay = TimeSpan.FromMilliseconds(10);
                engine?.Invoke(o);
            });
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
