using System.Diagnostics;
using System.Text.Json;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Chord.Tests.Observability;

/// <summary>
/// One chord is one trace: the HTTP request, the chord's submit, its units, each attempt and the body, across two
/// silos, every span with the chord's id. A failing handler's stack trace is logged and kept in the task listing.
/// </summary>
public sealed class TracingAndFailuresTests(TwoSiloApiFixture fixture) : IClassFixture<TwoSiloApiFixture>
{
    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task AChordIsOneTraceFromTheHttpRequestToItsBodyAcrossSilos()
    {
        var spans = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Chord", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(spans)
            .Build())
        {
            // Heavy probe tasks go one per unit over both silos (random placement).
            var id = await Host.Http.SubmitAsync("""{"map":{"handler":"probe","count":12,"args":{"ms":50}},"body":{"handler":"record-sum"}}""");
            await Host.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(500); // the body's span ends once its attempt is recorded
            tracing.ForceFlush();

            var request = spans.Single(s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal) && s.GetTagItem("url.path") as string == "/chords");
            var mine = spans.Where(s => s.GetTagItem("chord.id") as string == id).ToList();
            var units = mine.Where(s => s.DisplayName == "chord.unit").ToList();
            var attempts = mine.Where(s => s.DisplayName == "chord.attempt").ToList();

            Assert.Single(mine, s => s.DisplayName == "chord.submit");
            Assert.Equal(12, units.Count);
            Assert.Equal(12, attempts.Count);
            Assert.Single(mine, s => s.DisplayName == "chord.body");
            Assert.All(mine, s => Assert.Equal(request.TraceId, s.TraceId)); // one trace, from the HTTP request on
            Assert.True(units.Select(u => u.GetTagItem("chord.silo")).Distinct().Count() >= 2, "every unit ran on one silo");
            Assert.All(attempts, a => Assert.Contains(units, u => u.SpanId == a.ParentSpanId)); // each attempt under its unit
        }
    }

    [Fact]
    public async Task AFailingHandlersStackTraceIsInTheListingButNotInTheChordsState()
    {
        var id = await Host.Http.SubmitAsync("""{"tasks":[{"handler":"metered","args":{"fail":true}}],"body":{"handler":"count"},"options":{"maxAttempts":1}}""");
        await Host.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        var task = (await Host.Http.GetJsonAsync($"/chords/{id}/tasks")).GetProperty("items")[0];
        var error = task.GetProperty("error");
        var snapshot = await Host.Http.GetJsonAsync($"/chords/{id}");

        Assert.Equal("InvalidOperationException", error.GetProperty("type").GetString());
        Assert.Contains("MeteredHandler.RunAsync", error.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("stackTrace").GetString()!.Length <= TaskError.MaxStackTraceLength + 1);
        // The chord's first failures stay small: no stack traces in its state.
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("failures")[0].GetProperty("error").GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task AFailingHandlersStackTraceIsLoggedOncePerAttempt()
    {
        var logs = new CapturedLogs();
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), silo: s => s.Services.AddSingleton<ILoggerProvider>(logs));
        var id = ChordWaits.NewId("logged");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Tasks = [new("metered", """{"fail":true}""")], Body = new TaskSpec("count"), Options = new ChordOptions { Retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 1 } } });
        await chord.FinalAsync(TimeSpan.FromSeconds(30));

        var failed = logs.Entries.Where(e => e.Message.Contains(id, StringComparison.Ordinal) && e.Exception is InvalidOperationException).ToList();

        Assert.Equal(2, failed.Count); // attempts 1 and 2
        Assert.All(failed, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Contains("MeteredHandler.RunAsync", e.Exception!.StackTrace, StringComparison.Ordinal);
        });
        Assert.Contains(failed, e => e.Message.Contains("attempt 2", StringComparison.Ordinal));
    }
}
