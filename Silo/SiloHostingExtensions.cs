using Orleans.Dashboard;
using Chord.Grains;
using Chord.Grains.Hosting;
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
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
            silo.AddMemoryGrainStorage(StorageNames.Chords);
            silo.AddMemoryGrainStorage(StorageNames.Results);
            silo.AddChordEngine();
            silo.AddDashboard();
        });
        return builder;
    }
}
