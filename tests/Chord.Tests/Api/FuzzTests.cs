using System.Net;
using System.Text;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// Over a thousand malformed, invalid or oversized requests, each one certainly wrong: none is answered 5xx and
/// none creates a chord.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(ApiFixture fixture)
{
    private const string Valid = """{"id":"fuzz-ID","map":{"handler":"noop","count":3,"args":{"n":1}},"body":{"handler":"count","args":{"k":[1,2]}},"options":{"maxConcurrency":2,"maxAttempts":2}}""";

    [Fact]
    public async Task MalformedRequestsNeverGet5xxAndNeverCreateAChord()
    {
        var index = fixture.Grains.GetGrain<IChordIndexGrain>(0);
        var before = (await index.ListAsync(null, 100_000)).Length;
        var random = new Random(20261124);
        var requests = Enumerable.Range(0, 1_200).Select(i => Generate(random, i)).ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(int Status, string What)>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (make, ct) =>
        {
            using var request = make.Request();
            using var response = await fixture.Http.SendAsync(request, ct);
            statuses.Add(((int)response.StatusCode, make.What));
        });

        var serverErrors = statuses.Where(s => s.Status >= 500).ToList();
        Assert.True(serverErrors.Count == 0, "5xx for: " + string.Join("; ", serverErrors.Take(5).Select(s => $"{s.Status} {s.What}")));
        var accepted = statuses.Where(s => s.Status is 200 or 201 or 202 && s.What.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.True(accepted.Count == 0, "accepted: " + string.Join("; ", accepted.Take(5).Select(s => s.What)));
        Assert.Equal(before, (await index.ListAsync(null, 100_000)).Length);
        Assert.True(statuses.Count(s => s.Status is 400) > 800, string.Join(",", statuses.GroupBy(s => s.Status).Select(g => $"{g.Key}:{g.Count()}")));
    }

    private sealed record Attempt(string What, Func<HttpRequestMessage> Request);

    private static Attempt Generate(Random random, int i)
    {
        var spec = Valid.Replace("fuzz-ID", $"fuzz-{i}", StringComparison.Ordinal);
        switch (i % 12)
        {
            case 0:
                var cut = random.Next(0, spec.Length - 1);
                return Post($"truncated at {cut}", spec[..cut]);
            case 1:
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                return PostBytes("random bytes", bytes);
            case 2:
                return Post("unknown task handler", spec.Replace("\"noop\"", $"\"zz-{random.Next()}\"", StringComparison.Ordinal));
            case 3:
                string[] counts = ["-1", "-2147483648", "1.5", "1e400", "\"x3\"", "true", "[]", "{}", "1000000001", "99999999999999999999"];
                return Post("bad count", spec.Replace("\"count\":3", $"\"count\":{counts[random.Next(counts.Length)]}", StringComparison.Ordinal));
            case 4:
                var depth = random.Next(70, 3000);
                return Post($"args nested {depth} deep", spec.Replace("{\"n\":1}", new string('[', depth) + new string(']', depth), StringComparison.Ordinal));
            case 5:
                var utf8 = Encoding.UTF8.GetBytes(spec.Replace("noop", "no\u0001op", StringComparison.Ordinal));
                var at = Array.IndexOf(utf8, (byte)1);
                utf8[at] = 0xC3; // a lead byte with no continuation: invalid UTF-8
                return PostBytes("invalid UTF-8", utf8);
            case 6:
                string[] ids = ["", " ", "a b", "a/b", "-a", "ä", new string('a', 129), "a\u0000", ".."];
                return Post("bad id", spec.Replace($"\"fuzz-{i}\"", System.Text.Json.JsonSerializer.Serialize(ids[random.Next(ids.Length)]), StringComparison.Ordinal));
            case 7:
                string[] bodies = ["\"body\":null", "\"body\":{}", "\"body\":{\"handler\":\"noop\"}", "\"body\":[1]", "\"body\":{\"handler\":42}"];
                var body = spec[spec.IndexOf("\"body\"", StringComparison.Ordinal)..spec.IndexOf(",\"options\"", StringComparison.Ordinal)];
                return Post("bad body", spec.Replace(body, bodies[random.Next(bodies.Length)], StringComparison.Ordinal));
            case 8:
                string[] options = ["{\"maxConcurrency\":0}", "{\"maxAttempts\":0}", "{\"maxAttempts\":1000}", "{\"maxConcurrency\":\"x\"}", "[]", "7"];
                return Post("bad options", spec.Replace("{\"maxConcurrency\":2,\"maxAttempts\":2}", options[random.Next(options.Length)], StringComparison.Ordinal));
            case 9:
                string[] types = ["text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded"];
                var type = types[random.Next(types.Length)];
                return new Attempt($"POST as {type}", () => new HttpRequestMessage(HttpMethod.Post, "/chords") { Content = new StringContent(spec, Encoding.UTF8, type) });
            case 10:
                string[] queries = ["/chords?limit=-5", "/chords?limit=abc", "/chords?status=%00", "/chords/x/tasks?offset=abc", "/chords/x/tasks?limit=999999999999",
                    "/chords/" + new string('z', 600), "/chords/%2e%2e/tasks", "/events?ids=" + string.Join(",", Enumerable.Range(0, 150).Select(n => $"c{n}")),
                    "/chords/a%20b/events", "/posters/../../etc/passwd", "/posters/x/..%2f..%2fsecret.png", "/chords/x/tasks?state=%ff"];
                var query = queries[random.Next(queries.Length)];
                return new Attempt($"GET {query}", () => new HttpRequestMessage(HttpMethod.Get, query));
            default:
                string[] wrong = ["{\"tasks\":\"many\",\"body\":{\"handler\":\"count\"}}", "{\"tasks\":[null],\"body\":{\"handler\":\"count\"}}", "[]", "null", "\"x\"",
                    "{\"tasks\":[{\"handler\":\"noop\"}],\"map\":{\"handler\":\"noop\",\"count\":1},\"body\":{\"handler\":\"count\"}}", "{\"map\":{\"handler\":\"noop\",\"count\":1,\"items\":[1]},\"body\":{\"handler\":\"count\"}}"];
                return Post("wrong shape", wrong[random.Next(wrong.Length)]);
        }
    }

    private static Attempt Post(string what, string json) =>
        new($"POST {what}: {(json.Length > 80 ? json[..80] : json)}", () => new HttpRequestMessage(HttpMethod.Post, "/chords") { Content = HttpChords.Json(json) });

    private static Attempt PostBytes(string what, byte[] body) =>
        new($"POST {what}", () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return new HttpRequestMessage(HttpMethod.Post, "/chords") { Content = content };
        });
}
