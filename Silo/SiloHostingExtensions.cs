using Chord.Demo;
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
        var options = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var problems = new SiloOptionsValidator().Validate(null, options);
        if (problems.Failed)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), problems.Failures);
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            string? azureStorage = null;
            if (options.Storage == "azure")
            {
                var connectionString = azureStorage = builder.Configuration.GetConnectionString("AzureStorage") ?? "UseDevelopmentStorage=true";
                silo.UseAzureStorageClustering(o => o.TableServiceClient = AzureStorageClients.Table(connectionString));
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
        return builder;
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
