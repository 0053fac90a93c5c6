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
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private ApiHost(IHost silo, WebApplicationFactory<Program> factory)
    {
        Silo = silo;
        _factory = factory;
        Http = factory.CreateClient();
    }

    public IHost Silo { get; }

    public HttpClient Http { get; }

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    public static async Task<ApiHost> StartAsync(TestProbe probe)
    {
        var gatewayPort = FreePort.Next();
        var clusterId = $"api-tests-{Guid.NewGuid():N}";
        var silo = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort.Next(), gatewayPort, serviceId: clusterId, clusterId: clusterId);
                silo.AddChordMemoryStorage();
                silo.AddChordEngine(handlers => handlers.AddTask<ProbeHandler>("probe", TaskLane.Heavy).AddBody<RecordingSumHandler>("record-sum"));
                silo.Services.AddSingleton(probe);
            })
            .Build();
        await silo.StartAsync();

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Chord:Client:ClusterId", clusterId);
            web.UseSetting("Chord:Client:ServiceId", clusterId);
            web.UseSetting("Chord:Client:GatewayPorts:0", gatewayPort.ToString());
        });
        return new ApiHost(silo, factory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await Silo.StopAsync();
        Silo.Dispose();
    }
}
