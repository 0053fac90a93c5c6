using Chord.Grains;
using Chord.Grains.Handlers;
using Chord.Grains.Hosting;
using Chord.Tests.Handlers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// The real API pipeline (in-memory HTTP) whose Orleans client connects over TCP to a real silo on loopback
/// ports, as it connects to silos in production.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public TestProbe Probe { get; } = new();

    public IHost Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var gatewayPort = FreePort.Next();
        var clusterId = $"api-tests-{Guid.NewGuid():N}";
        Silo = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort.Next(), gatewayPort, serviceId: clusterId, clusterId: clusterId);
                silo.AddChordMemoryStorage();
                silo.AddChordEngine(handlers => handlers.AddTask<ProbeHandler>("probe", TaskLane.Heavy).AddBody<RecordingSumHandler>("record-sum"));
                silo.Services.AddSingleton(Probe);
            })
            .Build();
        await Silo.StartAsync();

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Chord:Client:ClusterId", clusterId);
            web.UseSetting("Chord:Client:ServiceId", clusterId);
            web.UseSetting("Chord:Client:GatewayPorts:0", gatewayPort.ToString());
        });
        Http = _factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.StopAsync();
            Silo.Dispose();
        }
    }
}
