using System.Net;
using System.Text;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>Each configured limit answers 400 or 413 with a clear message, and creates nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class LimitsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task ABodyOverTheSizeLimitIs413()
    {
        var id = ChordWaits.NewId("big");
        var args = new string('x', 9 * 1024 * 1024); // the default limit is 8 MiB
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chords")
        {
            Content = HttpChords.Json($$$"""{"id":"{{{id}}}","tasks":[{"handler":"noop","args":"{{{args}}}"}],"body":{"handler":"count"}}"""),
        };

        // As curl does for large bodies: the server can answer before the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await Http.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large.", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/chords/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("args")]
    [InlineData("count")]
    [InlineData("id-length")]
    [InlineData("id-form")]
    public async Task EachSpecLimitIs400NamingTheField(string limit)
    {
        var (json, field, words) = limit switch
        {
            "args" => ($$$"""{"tasks":[{"handler":"noop","args":"{{{new string('x', 70_000)}}}"}],"body":{"handler":"count"}}""", "tasks[0].args", "65536 bytes"),
            "count" => ("""{"map":{"handler":"noop","count":1000001},"body":{"handler":"count"}}""", "map.count", "1000000"),
            "id-length" => ($$$"""{"id":"{{{new string('a', 129)}}}","map":{"handler":"noop","count":1},"body":{"handler":"count"}}""", "id", "1–128"),
            _ => ("""{"id":"a/b","map":{"handler":"noop","count":1},"body":{"handler":"count"}}""", "id", "letters, digits"),
        };

        using var response = await Http.PostAsync("/chords", HttpChords.Json(json));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var messages = string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(words, messages);
    }

    [Fact]
    public async Task ManyInvalidTasksGetABoundedAnswer()
    {
        var tasks = string.Join(",", Enumerable.Repeat("""{"handler":"nope"}""", 5_000));
        using var response = await Http.PostAsync("/chords", HttpChords.Json($$$"""{"tasks":[{{{tasks}}}],"body":{"handler":"count"}}"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Count() <= 51, $"{errors.EnumerateObject().Count()} fields reported");
        Assert.True(errors.TryGetProperty("...", out _));
    }

    [Fact]
    public async Task AWrongContentTypeIs415NotA500()
    {
        using var response = await Http.PostAsync("/chords", new StringContent("""{"map":{"handler":"noop","count":1},"body":{"handler":"count"}}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
