using System.Net;
using System.Text;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>Every problem the API answers has a stable <c>errorCode</c> and the <c>type</c> made of it, whoever wrote it.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemCodesTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task EachKindOfProblemNamesItsCode()
    {
        var id = ChordWaits.NewId("codes");
        var spec = $$$"""{"id":"{{{id}}}","map":{"handler":"noop","count":3},"body":{"handler":"sum"}}""";
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync("/chords", HttpChords.Json(spec))).StatusCode);
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        var answers = new (HttpResponseMessage Response, HttpStatusCode Status, string Code)[]
        {
            (await Http.GetAsync("/chords/no-such-chord"), HttpStatusCode.NotFound, "not-found"),
            (await Http.PostAsync("/chords", HttpChords.Json("""{"tasks":[{"handler":"nope"}],"body":{"handler":"sum"}}""")), HttpStatusCode.BadRequest, "validation"),
            (await Http.GetAsync("/chords?limit=0"), HttpStatusCode.BadRequest, "validation"),
            (await Http.PostAsync("/chords", HttpChords.Json("""{"tasks": [""")), HttpStatusCode.BadRequest, "malformed-request"),
            (await Http.PostAsync("/chords", new StringContent("tasks=1", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"),
            (await Http.PostAsync("/chords", HttpChords.Json(spec.Replace("\"count\":3", "\"count\":4"))), HttpStatusCode.Conflict, "conflicting-spec"),
            (await Http.PostAsync($"/chords/{id}/redrive", null), HttpStatusCode.Conflict, "not-redrivable"),
            (await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"maxConcurrency":2}""")), HttpStatusCode.Conflict, "finished"),
            (await Http.DeleteAsync("/handlers"), HttpStatusCode.MethodNotAllowed, "method-not-allowed"),
        };

        foreach (var (response, status, code) in answers)
        {
            var problem = await response.ProblemAsync(status);
            Assert.Equal((code, $"urn:chord:problem:{code}"), (problem.GetProperty("errorCode").GetString(), problem.GetProperty("type").GetString()));
        }
    }
}
