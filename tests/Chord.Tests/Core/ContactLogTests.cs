using Chord.Grains.Chords;
using Microsoft.Extensions.Time.Testing;

namespace Chord.Tests.Core;

/// <summary>When the probe counts a unit or the body as silent, on a clock the test moves.</summary>
public sealed class ContactLogTests
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

    [Fact]
    public void AUnitIsSilentExactlyOneProbeIntervalAfterItWasLastSent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var contacts = new ContactLog(time, Silence);
        contacts.Unit(3);

        time.Advance(Silence - TimeSpan.FromTicks(1));
        var justBefore = contacts.IsUnitSilent(3);
        time.Advance(TimeSpan.FromTicks(1));
        var atTheInterval = contacts.IsUnitSilent(3);
        contacts.Unit(3);
        var afterResend = contacts.IsUnitSilent(3);

        Assert.False(justBefore);
        Assert.True(atTheInterval);
        Assert.False(afterResend);
    }

    [Fact]
    public void AUnitNeverSentOrForgottenCountsAsSilentAndTheBodyLikewise()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var contacts = new ContactLog(time, Silence);
        contacts.Unit(1);
        contacts.Forget(1);

        Assert.True(contacts.IsUnitSilent(1));
        Assert.True(contacts.IsUnitSilent(2));
        Assert.Equal(0, contacts.Count);
        Assert.True(contacts.IsBodySilent);
        contacts.Body();
        Assert.False(contacts.IsBodySilent);
        time.Advance(Silence);
        Assert.True(contacts.IsBodySilent);
    }
}
