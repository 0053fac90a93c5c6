using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1: records every call (body, headers, when) and answers 500 to its first
/// <c>failFirst</c> calls, 200 after. It can start on a port chosen earlier, so a test can have it down at first.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/chord";

    public ConcurrentQueue<(string Body, HeaderDictionary Headers, DateTimeOffset At, int Answer)> Calls { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, int? port = null, TimeSpan? answerAfter = null, int answerBytes = 0)
    {
        var chosen = port ?? FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{chosen}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, chosen);
        app.MapPost("/hooks/chord", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var answer = Interlocked.Increment(ref receiver._calls) <= failFirst ? 500 : 200;
            receiver.Calls.Enqueue((body, new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), DateTimeOffset.UtcNow, answer));
            if (answerAfter is { } delay)
            {
                await Task.Delay(delay);
            }

            return Results.Text(answerBytes > 0 ? new string('x', answerBytes) : answer == 200 ? "thanks" : "not now", statusCode: answer);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds of the calls so far.</summary>
    public async Task UntilAsync(Func<IReadOnlyCollection<(string Body, HeaderDictionary Headers, DateTimeOffset At, int Answer)>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Calls.ToArray()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the receiver did not get the expected calls in time; it got {Calls.Count}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
