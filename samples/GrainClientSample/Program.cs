// A program that joins a Chord cluster as an Orleans client: submit a chord to its grain, follow its progress, and
// exit 0 if it succeeded. The cluster settings bind from "Chord:Client" (here from the environment, e.g.
// Chord__Client__GatewayPorts__0=30000); the defaults match silos started by ./run.sh.
using Chord;
using Chord.GrainClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetSection(ChordClusterOptions.SectionName).Get<ChordClusterOptions>() ?? new ChordClusterOptions();
builder.UseOrleansClient(client => client.UseChordCluster(cluster));
using var host = builder.Build();
await host.StartAsync();

var id = $"grain-sample-{Guid.NewGuid():N}";
var chord = host.Services.GetRequiredService<IClusterClient>().GetGrain<IChordGrain>(id);
await chord.SubmitAsync(new ChordSpec
{
    Map = new MapSpec { Handler = "sleep", Count = 20, Args = """{"ms":50}""" },
    Body = new TaskSpec("count", null),
});
Console.WriteLine($"submitted {id}");

ChordProgress progress;
do
{
    await Task.Delay(TimeSpan.FromMilliseconds(200));
    progress = (await chord.GetProgressAsync())!;
    Console.WriteLine($"{progress.Tasks.Completed}/{progress.Tasks.Total} done, {progress.Status}, body {progress.Body.Status}");
}
while (!progress.IsFinal);

Console.WriteLine($"{progress.Status}: body result {progress.Body.Result}");
await host.StopAsync();
return progress.Status == ChordStatus.Succeeded && progress.Body.Result == "20" ? 0 : 1;
