using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Api;

/// <summary>A progress stream outlives the silo that hosted its chord: no gap, no step back, one <c>done</c>.</summary>
public sealed class EventsFailoverTests
{
    [Fact]
    public async Task TheStreamCarriesOnWhenTheChordsSiloStops()
    {
        const int n = 80;
        var probe = new TestProbe();
        await using var api = await ApiHost.StartAsync(probe, silos: 2);
        var second = api.Silos[1];
        var id = await ActivateOnAsync(api, second);

        var submitted = await api.Http.PostAsync("/chords", HttpChords.Json($$$"""{"id":"{{{id}}}","map":{"handler":"probe","count":{{{n}}},"args":{"ms":150}},"body":{"handler":"record-sum"}}"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        var reading = api.Http.ReadEventsAsync($"/chords/{id}/events", TimeSpan.FromSeconds(120));
        var chord = api.Grains.GetGrain<IChordGrain>(id);
        ChordProgress atStop;
        while ((atStop = (await chord.GetProgressAsync())!).Tasks.Completed < n / 5)
        {
            await Task.Delay(20);
        }

        await second.StopAsync();
        var events = await reading;

        Assert.InRange(atStop.Tasks.Completed, 1, n - 1); // the stop hit the chord mid-run, with work in flight
        Assert.True(atStop.Tasks.Running + atStop.Tasks.Queued > 0, $"no silo held work when the chord's silo stopped: {atStop.Tasks}");
        Assert.Equal("done", events[^1].Type);
        Assert.Single(events, e => e.Type == "done");
        var versions = events.Select(e => e.Data.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(versions.Order().Distinct(), versions);
        var completed = events.Select(e => e.Data.GetProperty("tasks").GetProperty("completed").GetInt32()).ToList();
        Assert.Equal(completed.Order(), completed);
        var done = events[^1].Data;
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(n, done.GetProperty("tasks").GetProperty("succeeded").GetInt32());
        Assert.Equal((long)n * (n - 1) / 2, done.GetProperty("body").GetProperty("result").GetInt64());
        Assert.Equal(1, probe.BodyInvocations(id));
    }

    /// <summary>An id whose chord grain is active on <paramref name="silo"/>: activated from there (placement favours the caller's silo; try a few).</summary>
    private static async Task<string> ActivateOnAsync(ApiHost api, Microsoft.Extensions.Hosting.IHost silo)
    {
        var address = silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        // Placement weighs the silos' load statistics, which a busy test run skews: try often, and let them refresh.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (attempt % 50 == 49)
            {
                await Task.Delay(1_000);
            }

            var id = ChordWaits.NewId("failover");
            var chord = grains.GetGrain<IChordGrain>(id);
            await chord.GetProgressAsync();
            if (address.Equals(await management.GetActivationAddress(chord)))
            {
                return id;
            }
        }

        throw new InvalidOperationException("No chord grain was placed on the second silo in 300 tries.");
    }
}
