using Chord.Grains.Lanes;
using Microsoft.Extensions.Time.Testing;

namespace Chord.Tests.Core;

/// <summary>A unit's heartbeats: the latest per task, and an abandoned attempt's beats dropped once the next one started.</summary>
public sealed class UnitHeartbeatsTests
{
    [Fact]
    public void BeatsOfAnEarlierAttemptAreDroppedOnceTheNextOneStarted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var beats = new UnitHeartbeats(clock);

        beats.Begin(7, 1);
        beats.Beat(7, 1, """{"step":1}""");
        var firstAt = clock.GetUtcNow();
        beats.Begin(7, 2);
        clock.Advance(TimeSpan.FromSeconds(5));
        beats.Beat(7, 1, """{"step":9}"""); // the abandoned first attempt, still running

        Assert.Equal(("""{"step":1}""", firstAt), beats.Latest(7));
        Assert.Null(beats.LastBeatOf(7, 2)); // the second attempt has not beaten: its watchdog counts from its start
        beats.Beat(7, 2, """{"step":2}""");
        Assert.Equal(clock.GetUtcNow(), beats.LastBeatOf(7, 2));
        Assert.Equal(("""{"step":2}""", clock.GetUtcNow()), beats.Latest(7));
        Assert.Equal((null, null), beats.Latest(8));
        Assert.Single(beats.All());
    }
}
