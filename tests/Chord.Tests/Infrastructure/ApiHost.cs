using Chord.Grains.Handlers;
using Chord.Grains.Handlers.Poster;
using Chord.Grains.Hosting;
using Chord.Tests.Handlers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// The real API on Kestrel (loopback, a free port) whose Orleans client connects over TCP to a real silo on
/// loopback ports, as it connects to silos in production. Silo and API share a temporary poster folder.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _posters;

    private ApiHost(IHost silo, WebApplicationFactory<Program> factory, string posters)
    {
        Silo = silo;
        _factory = factory;
        _posters = posters;
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public IHost Silo { get; }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo and the API; <paramref name="apiSettings"/> are configuration keys for the API (e.g. <c>Chord:Api:ApiKey</c>).</summary>
    public static async Task<ApiHost> StartAsync(TestProbe probe, IReadOnlyDictionary<string, string>? apiSettings = null, Action<ChordEngineOptions>? engine = null)
    {
        var gatewayPort = FreePort.Next();
        var clusterId = $"api-tests-{Guid.NewGuid():N}";
        var posters = Directory.CreateTempSubdirectory("chord-test-posters-").FullName;
        var silo = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort.Next(), gatewayPort, serviceId: clusterId, clusterId: clusterId);
                silo.AddChordMemoryStorage();
                silo.AddChordEngine(handlers => handlers.AddTask<ProbeHandler>("probe", TaskLane.Heavy).AddBody<RecordingSumHandler>("record-sum"));
                silo.Services.AddSingleton(probe);
                silo.Services.Configure<PosterOptions>(o => o.Directory = posters);
                silo.Services.Configure<ChordEngineOptions>(o =>
                {
                    o.ProbeInterval = TimeSpan.FromSeconds(1);
                    engine?.Invoke(o);
                });
            })
            .Build();
        await silo.StartAsync();

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Chord:Client:ClusterId", clusterId);
            web.UseSetting("Chord:Client:ServiceId", clusterId);
            web.UseSetting("Chord:Client:GatewayPorts:0", gatewayPort.ToString());
            web.UseSetting("Chord:Posters:Directory", posters);
            foreach (var (key, value) in apiSettings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        return new ApiHost(silo, factory, posters);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await Silo.StopAsync();
        Silo.Dispose();
        Directory.Delete(_posters, recursive: true);
    }
}
