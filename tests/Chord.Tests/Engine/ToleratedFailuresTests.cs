using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// <c>toleratedFailures</c> and <c>toleratedFailurePercent</c>: within them the chord goes on and its body gets the
/// succeeded results and the failures; over them it fails fast and the body never runs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ToleratedFailuresTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>20 tasks; those at 3 and 7 always fail (one attempt each).</summary>
    private static ChordSpec TwoFailing(string body, ChordOptions options) => new()
    {
        Tasks = [.. Enumerable.Range(0, 20).Select(i => i is 3 or 7 ? new TaskSpec("fail", """{"times":-1}""") : new TaskSpec("noop"))],
        Body = new TaskSpec(body),
        Options = options with { Retry = new RetryOptions { MaxAttempts = 1 } },
    };

    [Theory]
    [InlineData(2, null)]
    [InlineData(null, 10.0)]
    public async Task WithinTheToleranceTheBodyGetsTheSucceededResultsAndTheFailures(int? count, double? percent)
    {
        var options = new ChordOptions { ToleratedFailures = count, ToleratedFailurePercent = percent };
        var seen = fixture.Grains.GetGrain<IChordGrain>(ChordWaits.NewId("tolerated"));
        var counted = fixture.Grains.GetGrain<IChordGrain>(ChordWaits.NewId("tolerated-count"));

        await seen.SubmitAsync(TwoFailing("failures-seen", options));
        await counted.SubmitAsync(TwoFailing("count", options));
        var final = await seen.FinalAsync(Generous);
        var count18 = await counted.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal((18, 2), (final.Tasks.Succeeded, final.Tasks.Failed));
        Assert.Equal("\"3:InvalidOperationException:1,7:InvalidOperationException:1|18|2\"", final.Body.Result);
        Assert.Equal([3, 7], final.Failures.Select(f => f.Index));
        Assert.Equal("18", count18.Body.Result); // count uses the succeeded only
    }

    [Theory]
    [InlineData(1, null, "toleratedFailures")]
    [InlineData(null, 5.0, "toleratedFailurePercent")]
    public async Task OverTheToleranceTheChordFailsAndTheBodyNeverRuns(int? count, double? percent, string named)
    {
        var chord = fixture.Grains.GetGrain<IChordGrain>(ChordWaits.NewId("over-tolerance"));

        await chord.SubmitAsync(TwoFailing("failures-seen", new ChordOptions { ToleratedFailures = count, ToleratedFailurePercent = percent }));
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Failed, final.Status);
        Assert.Equal((BodyStatus.Failure, 0, "ChordError"), (final.Body.Status, final.Body.Attempts, final.Body.Error!.Type));
        Assert.Contains(named, final.Body.Error.Message, StringComparison.Ordinal);
    }
}
