using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Observability;

/// <summary>
/// What operators read: <c>/metrics</c> on each silo's web host and on the API (the Chord instruments beside
/// Orleans', ASP.NET Core's and the runtime's), <c>/cluster</c>, and the silos' <c>/health</c> and <c>/alive</c>.
/// </summary>
public sealed class MetricsAndClusterTests(TwoSiloApiFixture fixture) : IClassFixture<TwoSiloApiFixture>
{
    private ApiHost Host => fixture.Host;

    private async Task<string> ScrapeAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AScrapeShowsTheChordInstrumentsWithTheValuesOfAKnownChord()
    {
        var before = await ScrapeAsync(Host.SiloAddresses[0]);

        // 10 metered tasks: 7 succeed, 3 fail their only attempt, tolerated; 2 of the 7 needed a second attempt.
        var tasks = string.Join(",", Enumerable.Range(0, 10).Select(i => i switch
        {
            < 3 => """{"handler":"metered","args":{"fail":true}}""",
            < 5 => """{"handler":"metered","args":{"failFirst":true}}""",
            _ => """{"handler":"metered"}""",
        }));
        var id = await Host.Http.SubmitAsync($$$"""{"tasks":[{{{tasks}}}],"body":{"handler":"count"},"options":{"retry":{"maxAttempts":2,"backoffMs":1},"toleratedFailures":3}}""");
        var final = await Host.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // observable gauges and counters are read at the scrape

        var silo = await ScrapeAsync(Host.SiloAddresses[1]);
        var api = await ScrapeAsync(Host.BaseAddress);
        double Delta(string metric, params string[] labels) => PrometheusText.Sum(silo, metric, labels) - PrometheusText.Sum(before, metric, labels);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(7, Delta("chord_tasks_succeeded_total", "handler=\"metered\""));
        Assert.Equal(3, Delta("chord_tasks_failed_total", "handler=\"metered\"", "error_type=\"InvalidOperationException\""));
        Assert.Equal(5, Delta("chord_tasks_retried_total", "handler=\"metered\"")); // the 3 failing and the 2 flaky ones
        Assert.Equal(1, Delta("chord_chords_finished_total", "status=\"succeeded\""));
        Assert.Equal(1, Delta("chord_chords_submitted_total"));
        Assert.Equal(15, Delta("chord_task_duration_seconds_count", "handler=\"metered\"")); // 10 tasks, 5 second attempts
        Assert.True(Delta("chord_storage_writes_total", "state=\"chord\"") >= 1);
        Assert.True(PrometheusText.Sum(silo, "chord_heavy_lane_limit") >= 2); // K = 2 (the process's silos' gauges share one stream)
        Assert.True(PrometheusText.Has(silo, "chord_heavy_lane_queued"));
        Assert.True(PrometheusText.Has(silo, "chord_handlers_abandoned"));
        Assert.True(PrometheusText.Has(silo, "orleans_catalog_activations"), "no Orleans meter");
        Assert.True(PrometheusText.Has(silo, "dotnet_gc_collections_total"), "no runtime meter");
        Assert.Contains("http_server_request_duration_seconds", api, StringComparison.Ordinal); // ASP.NET Core's, on the API
        Assert.True(PrometheusText.Has(api, "chord_tasks_succeeded_total"));
    }

    [Fact]
    public async Task TheClusterViewListsEachSiloWithItsLoadAndHealthAnswersOnEachSilo()
    {
        // Keep the heavy lanes busy while the view is read: 8 probe tasks of 3 s on 2 silos with K = 2.
        var id = await Host.Http.SubmitAsync("""{"map":{"handler":"probe","count":8,"args":{"ms":3000}},"body":{"handler":"count"}}""");
        JsonElement cluster = default;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(200);
            cluster = await Host.Http.GetJsonAsync("/cluster");
        }
        while (cluster.GetProperty("totals").GetProperty("running").GetInt32() < 2 && DateTime.UtcNow < deadline);

        var silos = cluster.GetProperty("silos").EnumerateArray().ToList();
        await Host.Grains.GetGrain<IChordGrain>(id).CancelAsync();

        Assert.Equal(2, silos.Count);
        Assert.All(silos, silo =>
        {
            Assert.Equal("active", silo.GetProperty("status").GetString());
            Assert.Equal(2, silo.GetProperty("heavyLimit").GetInt32());
            Assert.True(silo.GetProperty("uptimeSeconds").GetDouble() > 0);
            Assert.StartsWith("http://127.0.0.1:", silo.GetProperty("dashboardUrl").GetString());
            Assert.True(silo.GetProperty("queued").GetInt32() >= 0);
            Assert.Equal(0, silo.GetProperty("abandoned").GetInt32());
        });
        Assert.Equal(2, cluster.GetProperty("totals").GetProperty("activeSilos").GetInt32());
        Assert.Equal(4, cluster.GetProperty("totals").GetProperty("heavyLimit").GetInt32());
        Assert.InRange(cluster.GetProperty("totals").GetProperty("running").GetInt32(), 2, 4);

        foreach (var address in Host.SiloAddresses)
        {
            using var http = new HttpClient { BaseAddress = address };
            using var health = await http.GetAsync("/health");
            using var alive = await http.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Fact]
    public async Task AKeyUnderALimitIsListedInTheClusterViewAndTheMetricsWithWhatRunsAndWaits()
    {
        var key = ChordWaits.NewId("metered-key");
        using var set = await Host.Http.PutAsync($"/v1/limits/keys/{key}", HttpChords.Json("""{"maxRunning":1}"""));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var id = await Host.Http.SubmitAsync($$$"""{"map":{"handler":"probe","count":6,"args":{"ms":20000}},"body":{"handler":"count"},"options":{"key":"{{{key}}}"}}""");
        try
        {
            // The silos report every couple of seconds: wait for one that shows the key's one task running and the rest waiting.
            JsonElement row = default;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(200);
                var cluster = JsonDocument.Parse(await Host.Http.GetStringAsync("/cluster")).RootElement;
                row = cluster.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("name").GetString() == key);
            }
            while ((row.ValueKind != JsonValueKind.Object || row.GetProperty("running").GetInt32() != 1 || row.GetProperty("waiting").GetInt32() == 0) && DateTime.UtcNow < deadline);

            Assert.Equal((1, 1, "override"), (row.GetProperty("maxRunning").GetInt32(), row.GetProperty("running").GetInt32(), row.GetProperty("source").GetString()));
            Assert.InRange(row.GetProperty("waiting").GetInt32(), 1, 5);
            var snapshot = JsonDocument.Parse(await Host.Http.GetStringAsync($"/chords/{id}")).RootElement;
            Assert.Equal($"key:{key}", snapshot.GetProperty("heldBy").GetString());

            var scraped = new List<double>();
            foreach (var silo in Host.SiloAddresses)
            {
                scraped.Add(PrometheusText.Sum(await ScrapeAsync(silo), "chord_limit_running", "limit_kind=\"key\"", $"limit_name=\"{key}\""));
            }

            Assert.Equal(1, scraped.Max()); // the silo running it says so (the process's silos may share one stream of gauges)
        }
        finally
        {
            await Host.Grains.GetGrain<IChordGrain>(id).CancelAsync();
            await Host.Http.DeleteAsync($"/v1/limits/keys/{key}");
        }
    }
}
