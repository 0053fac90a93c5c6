using Orleans.TestingHost;

namespace Chord.Tests.Infrastructure;

/// <summary>The set-up and the waits of the bulk operation tests.</summary>
public static class BulkOperationWaits
{
    /// <summary>Submits <paramref name="n"/> chords that fail their first drive (their task fails its first attempt, the only one allowed) and waits until each failed.</summary>
    public static async Task<List<string>> FailedChordsAsync(IGrainFactory grains, int n, Dictionary<string, string>? labels)
    {
        var ids = Enumerable.Range(0, n).Select(_ => ChordWaits.NewId("bulk")).ToList();
        var spec = new ChordSpec
        {
            Map = new MapSpec { Handler = "fail", Count = 1, Args = """{"times":1}""" },
            Body = new TaskSpec("count"),
            Labels = labels,
            Options = new ChordOptions { Retry = new RetryOptions { MaxAttempts = 1 } },
        };
        await Task.WhenAll(ids.Select(id => grains.GetGrain<IChordGrain>(id).SubmitAsync(spec)));
        foreach (var id in ids)
        {
            var failed = await grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(ChordStatus.Failed, failed.Status);
        }

        return ids;
    }

    /// <summary>An operation grain active on a silo other than the first (which the tests do not kill), and that silo.</summary>
    public static async Task<(IBulkOperationGrain Operation, InProcessSiloHandle Host)> ActivatedAwayFromFirstSiloAsync(InProcessTestCluster cluster)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var operation = cluster.Client.GetGrain<IBulkOperationGrain>(ChordWaits.NewId("op"));
            Assert.Null(await operation.GetAsync());
            if (cluster.TryGetGrainContext(operation.GetGrainId(), out var context) && cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(context.Address.SiloAddress)) is { } host
                && !host.SiloAddress.Equals(cluster.Silos[0].SiloAddress))
            {
                return (operation, host);
            }
        }

        throw new InvalidOperationException("No operation grain was placed away from the first silo in 200 tries.");
    }

    public static async Task<BulkOperationProgress> UntilAsync(IBulkOperationGrain operation, Func<BulkOperationProgress, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            BulkOperationProgress? progress = null;
            try
            {
                progress = await operation.GetAsync();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // its silo just died: the next call finds it elsewhere
            }

            if (progress is not null && condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the operation did not get there in time: {progress}");
            await Task.Delay(10);
        }
    }
}
