using Chord.Api.Hosting;
using Chord.Telemetry;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args); // the container's HEALTHCHECK
}

var builder = WebApplication.CreateBuilder(args);
builder.AddChordApi();

var app = builder.Build();
app.MapChordApi();
await app.RunAsync();
return 0;

/// <summary>The API's entry point, visible to tests.</summary>
public partial class Program;
