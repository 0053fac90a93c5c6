using Orleans.Dashboard;
using Chord.Silo;
using Chord.Telemetry;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args); // the container's HEALTHCHECK
}

var builder = WebApplication.CreateBuilder(args);
builder.AddChordSilo();

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/dashboard/"));
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.MapChordSiloWeb();
await app.RunAsync();
return Environment.ExitCode; // not 0 after a wedged silo recycled itself (Chord:Engine:RecycleWhenWedged)
