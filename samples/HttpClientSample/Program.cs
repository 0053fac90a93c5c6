// A program that uses Chord over HTTP: submit a chord, watch it live, read its tasks, and exit 0 if it succeeded.
// CHORD_URL (default http://127.0.0.1:5080, where ./run.sh serves the API) and CHORD_API_KEY from the environment.
using Chord.Client;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddChordClient(o =>
{
    o.BaseAddress = new Uri(Environment.GetEnvironmentVariable("CHORD_URL") ?? "http://127.0.0.1:5080");
    o.ApiKey = Environment.GetEnvironmentVariable("CHORD_API_KEY");
});
using var provider = services.BuildServiceProvider();
var chords = provider.GetRequiredService<IChordClient>();

// 20 tasks of the demo handler "sleep" (50 ms each), then the built-in body "count", which counts their results.
var chord = await chords.SubmitAsync(new ChordRequest
{
    Map = new ChordMap("sleep", Count: 20, Args: new { ms = 50 }),
    Body = new ChordTask("count"),
});
Console.WriteLine($"submitted {chord.Id}");

await foreach (var snapshot in chords.WatchAsync(chord.Id))
{
    Console.WriteLine($"{snapshot.Tasks.Completed}/{snapshot.Tasks.Total} done, {snapshot.Status}, body {snapshot.Body.Status}");
}

var final = await chords.GetAsync(chord.Id);
var succeeded = await chords.ListTasksAsync(chord.Id, TaskState.Succeeded).CountAsync();
Console.WriteLine($"{final.Status}: body result {final.Body.Result}, {succeeded} tasks succeeded");
return final.Status == ChordState.Succeeded && final.Body.Result?.GetInt32() == 20 ? 0 : 1;
