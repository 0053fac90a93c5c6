using Chord.Api.Contracts;
using Chord.Api.Endpoints;
using Chord.Api.Events;
using Chord.Api.Health;
using Chord.Api.Hosting;
using Chord.Api.OpenApi;
using Chord.Api.Options;
using Chord.Api.Posters;
using Chord.Api.Problems;
using Chord.Api.RateLimiting;
using Chord.Api.Security;
using Chord.Api.Versioning;
using Chord.Telemetry;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args); // the container's HEALTHCHECK
}

var builder = WebApplication.CreateBuilder(args);
Program.AddApi(builder);
var app = builder.Build();
Program.MapApi(app);
await app.RunAsync();
return 0;

/// <summary>The API: each piece it adds and maps, in order (the benchmark hosts the API with these too).</summary>
public partial class Program
{
    public static void AddApi(WebApplicationBuilder builder)
    {
        builder.AddChordTelemetry("chord-api");
        builder.AddChordClusterClient();              // the Orleans client, joined as the silos are configured (Chord:Client)
        builder.Services
            .AddApiOptions()                          // Chord:Api, validated at start-up
            .AddPosterSource(builder.Configuration)   // posters from blob storage (azure clustering) or the shared folder
            .AddChordEvents()                         // the watcher behind every event stream
            .AddApiHealthChecks()
            .AddApiJson()                             // camelCase names and enums
            .AddApiProblems()                         // every error a problem with an errorCode
            .AddChordOpenApi()                        // the document: security scheme, required fields, examples
            .AddApiKeySecurity()                      // X-Api-Key as an authentication scheme, required when keys are set
            .AddApiRateLimits();                      // per caller: a token bucket on submit, a limit on streams
    }

    public static void MapApi(WebApplication app)
    {
        app.UseApiVersionAliases();                   // before routing: /chords is routed as /v1/chords
        app.UseRouting();
        app.UseApiProblems();                         // exceptions and bare status codes answered as problems
        app.UseDefaultFiles();
        app.UseStaticFiles();                         // the progress page
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();                         // after the key: a caller without one spends no token
        app.MapApiHealthChecks();                     // /health, /alive
        app.MapApiReference();                        // /openapi/v1.json, /scalar/v1
        app.MapPageConfig();                          // /ui-config
        app.MapApiV1();                               // /v1/chords, /v1/handlers, /v1/cluster, /v1/posters
        app.MapApiMetrics();                          // /metrics
    }
}
