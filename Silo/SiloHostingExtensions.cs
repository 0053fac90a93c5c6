using Chord.Demo;
using Chord.Silo.Health;
using Chord.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Chord.Grains;
using Chord.Grains.Hosting;
using Chord.Grains.Storage;
using Orleans.Dashboard;
using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chord.Silo;

/// <summary>The silo's wiring: cluster membership, storage, the chord engine and the dashboard.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddChordSilo(this WebApplicationBuilder builder)
    {
        var options = Bind(builder.Configuration);
        var problems = new SiloOptionsValidator().Validate(null, options);
        if (problems.Failed)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), problems.Failures);
        }

        var azureStorage = options.Storage == SiloStorage.Azure ? builder.Configuration.GetConnectionString("AzureStorage") : null;
        if (options.Storage == SiloStorage.Azure && string.IsNullOrWhiteSpace(azureStorage))
        {
            // Not a silent fallback to a local emulator: a silo meant for a real account must not start on another.
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions),
                ["Chord:Silo:Storage is 'azure' but ConnectionStrings:AzureStorage is not set. Set it (UseDevelopmentStorage=true for Azurite on its default ports), or use Storage=memory."]);
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                if (options.ProbeTimeout is { } probeTimeout)
                {
                    membership.ProbeTimeout = probeTimeout;
                }

                if (options.NumMissedProbesLimit is { } missedProbes)
                {
                    membership.NumMissedProbesLimit = missedProbes;
                }

                if (options.TableRefreshTimeout is { } tableRefresh)
                {
                    membership.TableRefreshTimeout = tableRefresh;
                }
            });
            if (azureStorage is { } connectionString)
            {
                silo.UseAzureStorageClustering(b => b.Configure<IOptions<ChordEngineOptions>>((o, engine) =>
                    o.TableServiceClient = AzureStorageClients.Table(connectionString, engine.Value.StorageGiveUpAfter)));
                silo.AddChordAzureStorage(connectionString);
                ConfigureEndpoints(silo, options);
            }
            else
            {
                var primary = new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort > 0 ? options.PrimarySiloPort : options.SiloPort);
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary);
                silo.AddChordMemoryStorage();
            }

            silo.AddChordEngine(handlers => handlers.AddDemoHandlers(builder.Configuration, azureStorage));
            silo.AddDashboard();
        });
        return builder.AddChordSiloWeb(azureStorage);
    }

    /// <summary>
    /// What the silo's web host adds beside the dashboard: OpenTelemetry (metrics for <c>/metrics</c>, traces and
    /// logs over OTLP when configured) and the health checks behind <c>/health</c>.
    /// </summary>
    /// <param name="builder">The silo's web host.</param>
    /// <param name="azureStorage">The silo's Azure Storage connection string; null with memory storage.</param>
    public static WebApplicationBuilder AddChordSiloWeb(this WebApplicationBuilder builder, string? azureStorage)
    {
        builder.AddChordTelemetry("chord-silo");
        builder.Services.AddSingleton(new StorageHealthCheck.Target(azureStorage));
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterMemberHealthCheck>("cluster-member", tags: [ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag])
            .AddCheck<WedgedSiloHealthCheck>("wedged", tags: [ReadyTag, AliveTag]);
        return builder;
    }

    /// <summary>
    /// The silo's own endpoints: <c>/metrics</c> (Prometheus), <c>/health</c> (ready: an active cluster member whose
    /// storage answers and that is not wedged; 503 otherwise) and <c>/alive</c> (the process runs and is not wedged:
    /// 503 saying why when it is, so a supervisor replaces it).
    /// </summary>
    public static WebApplication MapChordSiloWeb(this WebApplication app)
    {
        app.MapChordMetrics();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(AliveTag), ResponseWriter = WriteStatusAndReasons });
        return app;
    }

    private const string ReadyTag = "ready";
    private const string AliveTag = "alive";

    private static SiloOptions Bind(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            // A value the binder cannot convert (e.g. Storage=disk): say which, as validation does for the rest.
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions),
                [$"{unreadable.Message} Chord:Silo:Storage is 'memory' or 'azure'."]);
        }
    }

    /// <summary>The status, then why each failing check fails, one a line: a 503 says what is wrong.</summary>
    private static Task WriteStatusAndReasons(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Values
            .Where(entry => entry.Status is not HealthStatus.Healthy && entry.Description is not null)
            .Select(entry => entry.Description!)
            .Prepend(report.Status.ToString());
        return context.Response.WriteAsync(string.Join('\n', lines));
    }

    private static void ConfigureEndpoints(ISiloBuilder silo, SiloOptions options)
    {
        if (options.AdvertisedAddress is { Length: > 0 } advertised)
        {
            // In a container: advertise its own address ("auto": the one its host name resolves to), listen on all interfaces.
            var address = advertised == "auto"
                ? Dns.GetHostAddresses(Dns.GetHostName()).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                : IPAddress.Parse(advertised);
            silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
        }
    }
}
