using Chord.GrainClient;

namespace Chord.Api.Hosting;

/// <summary>The API's Orleans client: joined to the silos as they are configured (<c>Chord:Client</c>).</summary>
public static class ClusterClientHosting
{
    public static WebApplicationBuilder AddChordClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = ChordClusterOptions.FromConfiguration(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation(); // an HTTP request's trace goes on into the grains it calls
            client.UseChordCluster(cluster);
        });
        return builder;
    }
}
