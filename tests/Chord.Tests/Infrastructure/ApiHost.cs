extern alias silo;

using Microsoft.Extensions.Configuration;
using Chord.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// The real API on Kestrel (loopback, a free port) whose Orleans client connects over TCP to real silos on
/// loopback ports, as it connects to silos in production. Each silo has its web host as the Silo project wires it
/// (<c>/metrics</c>, <c>/health</c>, <c>/alive</c>; the dashboard aside). Silos and API share a temporary poster folder.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _posters;

    private ApiHost(WebApplication[] silos, WebApplicationFactory<Program> factory, string posters)
    {
        Silos = silos;
        SiloAddresses = [.. silos.Select(silo => new Uri(silo.Urls.First()))];
        _factory = factory;
        _posters = posters;
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The first silo (the cluster's primary).</summary>
    public IHost Silo => Silos[0];

    public WebApplication[] Silos { get; }

    /// <summary>Where each silo's web host listens.</summary>
    public Uri[] SiloAddresses { get; }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The API's own services (its host's lifetime, options).</summary>
    public IServiceProvider ApiServices => _factory.Services;

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts <paramref name="silos"/> silos and the API; <paramref name="apiSettings"/> are configuration keys for
    /// the API (e.g. <c>Chord:Api:ApiKey</c>). With more than one silo, grain state lives in process-wide storage,
    /// so a silo can stop without taking state with it.
    /// </summary>
    public static async Task<ApiHost> StartAsync(TestProbe probe, IReadOnlyDictionary<string, string>? apiSettings = null, Action<ChordEngineOptions>? engine = null, int silos = 1,
        IReadOnlyDictionary<string, string?>? siloSettings = null)
    {
        var clusterId = $"api-tests-{Guid.NewGuid():N}";
        var posters = Directory.CreateTempSubdirectory("chord-test-posters-").FullName;
        var ports = Enumerable.Range(0, silos).Select(_ => (Silo: FreePort.Next(), Gateway: FreePort.Next(), Web: FreePort.Next())).ToArray();
        var store = new System.Collections.Concurrent.ConcurrentDictionary<string, (object State, string ETag)>();
        var hosts = new WebApplication[silos];
        for (var i = 0; i < silos; i++)
        {
            hosts[i] = StartSilo(ports[i], ports[0].Silo, clusterId, silos > 1 ? store : null, probe, posters, engine, siloSettings);
            await hosts[i].StartAsync();
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Chord:Client:ClusterId", clusterId);
            web.UseSetting("Chord:Client:ServiceId", clusterId);
            for (var i = 0; i < silos; i++)
            {
                web.UseSetting($"Chord:Client:GatewayPorts:{i}", ports[i].Gateway.ToString());
            }

            web.UseSetting("Chord:Posters:Directory", posters);
            foreach (var (key, value) in apiSettings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        return new ApiHost(hosts, factory, posters);
    }

    private static WebApplication StartSilo(
        (int Silo, int Gateway, int Web) ports,
        int primaryPort,
        string clusterId,
        System.Collections.Concurrent.ConcurrentDictionary<string, (object State, string ETag)>? sharedStore,
        TestProbe probe,
        string posters,
        Action<ChordEngineOptions>? engine,
        IReadOnlyDictionary<string, string?>? siloSettings)
    {
        var url = $"http://127.0.0.1:{ports.Web}";
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(siloSettings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(url);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports.Silo, ports.Gateway, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, primaryPort), clusterId, clusterId);
            silo.AddChordForTests(new TestSiloSettings
            {
                Probe = probe,
                SharedStore = sharedStore,
                PosterDirectory = posters,
                Engine = o =>
                {
                    TestSiloSettings.QuickRecovery(o);
                    o.SiloUrl = url + "/";
                    engine?.Invoke(o);
                },
            });
        });
        builder.Services.AddSingleton<Chord.Grains.Cluster.ISiloRecycler, InProcessRecycler>();
        silo::Chord.Silo.SiloHostingExtensions.AddChordSiloWeb(builder, azureStorage: null);
        var app = builder.Build();
        silo::Chord.Silo.SiloHostingExtensions.MapChordSiloWeb(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        foreach (var silo in Silos.Reverse())
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        Directory.Delete(_posters, recursive: true);
    }
}
