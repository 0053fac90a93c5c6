using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Chord.Tests.Api;

/// <summary>
/// A chord's <c>options.notify</c> webhook, against a real receiver on Kestrel: every call signed under each
/// configured secret and verified with the Standard Webhooks reference library, progress and final events, retries
/// of a receiver that fails its first answers under one <c>webhook-id</c>, and hosts the cluster may not call refused
/// at submit (a listed name or address only) or, for a name resolving to loopback, at the call.
/// </summary>
public sealed class WebhookTests
{
    private const string OldSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string NewSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private static Dictionary<string, string?> Silo(params string[] allowed)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chord:Webhooks:Secrets:0"] = OldSecret,
            ["Chord:Webhooks:Secrets:1"] = NewSecret,
            ["Chord:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        };
        for (var i = 0; i < allowed.Length; i++)
        {
            settings[$"Chord:Webhooks:AllowedHosts:{i}"] = allowed[i];
        }

        return settings;
    }

    [Fact]
    public async Task EachCallIsSignedUnderEverySecretAndCarriesProgressAndTheFinalSnapshot()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: Silo("127.0.0.1"));
        var id = await api.Http.SubmitAsync($$$$"""{"map":{"handler":"probe","count":40,"args":{"ms":20}},"body":{"handler":"sum"},"options":{"maxConcurrency":4,"notify":{"url":"{{{{receiver.Url}}}}","events":["succeeded","progress"],"progressEveryPercent":25}}}""");

        await receiver.UntilAsync(calls => calls.Any(c => c.Body.Contains("chord.succeeded", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        var calls = receiver.Calls.ToArray();
        var deliveries = await api.Http.GetJsonAsync($"/v1/chords/{id}/deliveries");

        foreach (var (body, headers, _, _) in calls)
        {
            // The reference library verifies the headers as a receiver does (it throws unless a v1 signature matches and
            // the timestamp is recent). Its Verify stops after the first of several signatures, so the rotated-in
            // secret's is checked against its own Sign among those the header lists.
            new StandardWebhook(OldSecret).Verify(body, headers);
            var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture));
            var signatures = headers["webhook-signature"].ToString().Split(' ');
            Assert.Equal(2, signatures.Length);
            Assert.Contains(new StandardWebhook(NewSecret).Sign(headers["webhook-id"].ToString(), timestamp, body), signatures);
            Assert.Throws<WebhookVerificationException>(() => new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[24])).Verify(body, headers));
        }

        var payloads = calls.Select(c => JsonDocument.Parse(c.Body).RootElement).ToArray();
        var final = payloads.Single(p => p.GetProperty("type").GetString() == "chord.succeeded");
        Assert.Equal((id, "succeeded", "780"), (final.GetProperty("id").GetString(), final.GetProperty("status").GetString(), final.GetProperty("body").GetProperty("result").GetRawText()));
        Assert.Equal($"msg_{id}_0_succeeded", calls.Single(c => c.Body.Contains("chord.succeeded", StringComparison.Ordinal)).Headers["webhook-id"].ToString());
        var percents = payloads.Where(p => p.GetProperty("type").GetString() == "chord.progress").Select(p => p.GetProperty("percent").GetInt32()).ToArray();
        Assert.NotEmpty(percents);
        Assert.All(percents, p => Assert.Contains(p, new[] { 25, 50, 75, 100 }));
        Assert.Equal(percents.Order(), percents); // in order, each step once
        Assert.Equal(percents.Distinct().Count(), percents.Length);
        var items = deliveries.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(calls.Length, items.Length);
        Assert.All(items, d => Assert.Equal(("delivered", 200), (d.GetProperty("status").GetString(), d.GetProperty("attempts")[0].GetProperty("statusCode").GetInt32())));
        Assert.Equal("thanks", items[^1].GetProperty("attempts")[0].GetProperty("response").GetString());
    }

    [Fact]
    public async Task AReceiverThatFailsItsFirstAnswersGetsTheSameEventAgainUntilItTakesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 3);
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: Silo("127.0.0.1"));
        var id = await api.Http.SubmitAsync($$$$"""{"map":{"handler":"fail","count":1},"body":{"handler":"count"},"options":{"maxAttempts":1,"notify":{"url":"{{{{receiver.Url}}}}"}}}""");

        await receiver.UntilAsync(calls => calls.Any(c => c.Answer == 200), TimeSpan.FromSeconds(60));
        var delivery = await WaitForAsync(api, id, d => d.GetProperty("status").GetString() == "delivered");
        var metrics = await api.Http.GetStringAsync("/metrics");

        var calls = receiver.Calls.ToArray();
        Assert.Equal([500, 500, 500, 200], calls.Select(c => c.Answer));
        Assert.Single(calls.Select(c => c.Headers["webhook-id"].ToString()).Distinct()); // one event: a receiver drops repeats by its id
        Assert.Equal("chord.failed", JsonDocument.Parse(calls[^1].Body).RootElement.GetProperty("type").GetString());
        Assert.Equal([500, 500, 500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Contains("chord_webhook_calls_total", metrics);
    }

    [Theory]
    [InlineData("http://10.1.2.3/hook")] // private, not listed
    [InlineData("http://169.254.169.254/latest/meta-data")] // a cloud's metadata address
    [InlineData("http://localhost:9/hook")] // loopback by name, and only 127.0.0.1 is listed
    [InlineData("http://hooks.example.net/hook")] // not listed
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("/relative")]
    public async Task AWebhookTheClusterMayNotCallIsRefusedAtSubmitAndNothingIsCreated(string url)
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: Silo("127.0.0.1", "*.example.com"));
        var id = ChordWaits.NewId("bad-hook");
        using var response = await api.Http.PostAsync("/v1/chords", HttpChords.Json($$$$"""{"id":"{{{{id}}}}","map":{"handler":"noop","count":1},"body":{"handler":"count"},"options":{"notify":{"url":"{{{{url}}}}"}}}"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("options.notify.url", out _), problem.ToString());
        using var read = await api.Http.GetAsync($"/v1/chords/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task ANameThatResolvesToLoopbackIsNotCalledUnderTheWildcard()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: Silo("*"));
        var id = await api.Http.SubmitAsync($$$$"""{"map":{"handler":"noop","count":1},"body":{"handler":"count"},"options":{"notify":{"url":"http://localhost:{{{{receiver.Port}}}}/hooks/chord"}}}""");

        var delivery = await WaitForAsync(api, id, d => d.GetProperty("status").GetString() != "pending");

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.StartsWith("Not allowed", delivery.GetProperty("attempts")[0].GetProperty("error").GetString());
        Assert.Empty(receiver.Calls);
    }

    [Fact]
    public async Task ASlowReceiverTimesOutAndALongAnswerIsCutToItsFirstKilobyte()
    {
        await using var slow = await WebhookReceiver.StartAsync(answerAfter: TimeSpan.FromSeconds(5));
        await using var wordy = await WebhookReceiver.StartAsync(answerBytes: 200_000);
        var settings = Silo("127.0.0.1");
        settings["Chord:Webhooks:Timeout"] = "00:00:00.300";
        settings["Chord:Webhooks:RetryFor"] = "00:00:00.500";
        settings["Chord:Webhooks:MaxResponseBytes"] = "4096";
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: settings);
        var timedOut = await api.Http.SubmitAsync($$$$"""{"map":{"handler":"noop","count":1},"body":{"handler":"count"},"options":{"notify":{"url":"{{{{slow.Url}}}}"}}}""");
        var answered = await api.Http.SubmitAsync($$$$"""{"map":{"handler":"noop","count":1},"body":{"handler":"count"},"options":{"notify":{"url":"{{{{wordy.Url}}}}"}}}""");

        var gaveUp = await WaitForAsync(api, timedOut, d => d.GetProperty("status").GetString() != "pending");
        var delivered = await WaitForAsync(api, answered, d => d.GetProperty("status").GetString() == "delivered");

        Assert.Equal("failed", gaveUp.GetProperty("status").GetString()); // past RetryFor
        Assert.All(gaveUp.GetProperty("attempts").EnumerateArray(), a =>
        {
            Assert.StartsWith("Timeout", a.GetProperty("error").GetString());
            Assert.InRange(a.GetProperty("durationMs").GetInt32(), 250, 3_000);
        });
        Assert.Equal(1024, delivered.GetProperty("attempts")[0].GetProperty("response").GetString()!.Length);
    }

    private static async Task<JsonElement> WaitForAsync(ApiHost api, string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var items = (await api.Http.GetJsonAsync($"/v1/chords/{id}/deliveries")).GetProperty("items");
            if (items.GetArrayLength() > 0 && condition(items[items.GetArrayLength() - 1]))
            {
                return items[items.GetArrayLength() - 1];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such delivery in time: {items}");
            await Task.Delay(50);
        }
    }
}
