using System.Text.Json;
using Chord.Demo;
using Chord.Grains.Handlers;
using Chord.Grains.Hosting;
using Chord.Grains.Storage;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chord.Tests.Hosting;

/// <summary>The engine as a library: a team's own silo host with its own handlers, and the demo pack as an option.</summary>
public sealed class CustomSiloHostTests
{
    [Fact]
    public async Task ATeamsOwnHostRunsItsOwnHandlersAndNothingElse()
    {
        // The host as README's "Your own silo host" shows it: storage, the engine, the team's handlers.
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        using var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort, gatewayPort, serviceId: "custom-host", clusterId: $"custom-{Guid.NewGuid():N}")
                .AddChordMemoryStorage()
                .AddChordEngine(handlers => handlers
                    .AddTask<ShoutHandler>("shout")
                    .AddBody<JoinHandler>("join", TaskLane.Heavy)))
            .Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var chord = grains.GetGrain<IChordGrain>(ChordWaits.NewId("custom"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "shout", Items = ["\"a\"", "\"b\"", "\"c\""] }, Body = new TaskSpec("join") });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var handlers = await grains.GetGrain<IHandlerCatalogGrain>(0).GetHandlersAsync();
        var demoHandler = new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 1 }, Body = new TaskSpec("count") };
        var rejected = await Assert.ThrowsAsync<ChordValidationException>(() => grains.GetGrain<IChordGrain>(ChordWaits.NewId("no-demo")).SubmitAsync(demoHandler));
        await host.StopAsync();

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal("\"A-B-C\"", final.Body.Result);
        Assert.Equal(["noop", "shout", "count", "fail-body", "join", "sum"], handlers.Select(h => h.Name));
        Assert.Equal(TaskLane.Heavy, handlers.Single(h => h.Name == "join").Lane);
        Assert.Contains("map.handler", rejected.Errors.Keys);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void TheDemoPackIsOnUnlessConfigurationTurnsItOff(string? enabled, bool registered)
    {
        var settings = new Dictionary<string, string?>();
        if (enabled is not null)
        {
            settings["Chord:Demo:Enabled"] = enabled;
        }

        var services = new ServiceCollection();
        new ChordHandlersBuilder(services).AddDemoHandlers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var names = services.Select(s => s.ImplementationInstance).OfType<HandlerDescriptor>().Select(d => d.Name).ToList();

        Assert.Equal(registered ? ["sleep", "cpu", "fail", "render-tile", "stitch-poster", "digest", "collect", "echo"] : [], names);
    }

    /// <summary><c>shout</c>: its string argument in capitals.</summary>
    private sealed class ShoutHandler : ITaskHandler
    {
        public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<object?>(context.ArgsAs("").ToUpperInvariant());
    }

    /// <summary><c>join</c>: the tasks' strings in index order, joined with '-'.</summary>
    private sealed class JoinHandler : IBodyHandler
    {
        public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
            string.Join('-', await context.Results.Select(r => r.Value.GetString()).ToArrayAsync(cancellationToken));
    }
}
