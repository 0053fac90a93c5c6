using Orleans.Dashboard;
using Chord.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddChordSilo();

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/dashboard/"));
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.MapChordSiloWeb();
app.Run();
