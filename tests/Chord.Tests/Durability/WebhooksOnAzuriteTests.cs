using System.Text.Json;
using Chord.Tests.Infrastructure;
using StandardWebhooks;

namespace Chord.Tests.Durability;

/// <summary>
/// Webhooks on Azurite lose nothing over a whole restart: chords finish while their receiver is down, so each final
/// event is pending with failed calls when the cluster stops; a new cluster (the receiver now up) picks every one up
/// again from the chords' index rows and the webhook grains' records, and delivers each, signed, under its first id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhooksOnAzuriteTests(AzuriteFixture fixture)
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task EventsPendingWhenTheWholeClusterStopsAreDeliveredByTheNextOne()
    {
        const int n = 10;
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/hooks/chord";
        var probe = new TestProbe();
        var ids = Enumerable.Range(0, n).Select(_ => ChordWaits.NewId("hook")).ToArray();
        WebhookDelivery[] pending;
        await using (var first = await StartAsync(probe))
        {
            var spec = new ChordSpec
            {
                Map = new MapSpec { Handler = "noop", Count = 3 },
                Body = new TaskSpec("count"),
                Options = new ChordOptions { Notify = new NotifySpec { Url = url } },
            };
            await Task.WhenAll(ids.Select(id => first.Client.GetGrain<IChordGrain>(id).SubmitAsync(spec)));
            pending = await Task.WhenAll(ids.Select(id => FirstDeliveryAsync(first.Client, id, d => d.Attempts.Length >= 2)));
            await first.StopAllSilosAsync();
        }

        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await using var second = await StartAsync(probe);
        await receiver.UntilAsync(calls => ids.All(id => calls.Any(c => c.Headers["webhook-id"] == $"msg_{id}_0_succeeded")), TimeSpan.FromSeconds(90));
        var delivered = await Task.WhenAll(ids.Select(id => FirstDeliveryAsync(second.Client, id, d => d.Status is WebhookDeliveryStatus.Delivered)));

        Assert.All(pending, d => Assert.Equal(WebhookDeliveryStatus.Pending, d.Status));
        Assert.All(pending, d => Assert.All(d.Attempts, a => Assert.NotNull(a.Error))); // the receiver was down: refused connections
        foreach (var (body, headers, _, _) in receiver.Calls)
        {
            new StandardWebhook(Secret).Verify(body, headers);
            Assert.Equal("chord.succeeded", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
        }

        Assert.All(delivered, d => Assert.True(d.Attempts.Length > 2, "the delivery's attempts before the restart were kept"));
    }

    private Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(TestProbe probe) =>
        ChordTestCluster.StartAsync(2, probe, azureStorage: fixture.Azurite.ConnectionString, webhooks: o =>
        {
            o.AllowedHosts = ["127.0.0.1"];
            o.Secrets = [Secret];
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(100);
        });

    private static async Task<WebhookDelivery> FirstDeliveryAsync(IGrainFactory grains, string id, Func<WebhookDelivery, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var deliveries = await grains.GetGrain<IChordWebhookGrain>(id).ListDeliveriesAsync();
            if (deliveries is [var first, ..] && condition(first))
            {
                return first;
            }

            Assert.True(DateTime.UtcNow < deadline, $"chord {id}'s webhook did not get there in time: {string.Join(", ", deliveries.Select(d => $"{d.Status} after {d.Attempts.Length}"))}");
            await Task.Delay(50);
        }
    }
}
