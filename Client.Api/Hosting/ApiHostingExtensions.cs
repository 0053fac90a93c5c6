using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chord.Api.Endpoints;
using Orleans.Configuration;

namespace Chord.Api.Hosting;

/// <summary>The API's wiring: the Orleans client, JSON conventions, ProblemDetails.</summary>
public static class ApiHostingExtensions
{
    public static WebApplicationBuilder AddChordApi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClusterClientOptions.SectionName).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            client.UseStaticClustering(options.GatewayPortsOrDefault.Select(port => new IPEndPoint(IPAddress.Loopback, port)).ToArray());
        });

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapChordApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapChordEndpoints();
        return app;
    }
}
