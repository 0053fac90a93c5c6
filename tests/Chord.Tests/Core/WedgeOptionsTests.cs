using Chord.Grains;

namespace Chord.Tests.Core;

/// <summary>The settings of hung work are validated at start-up: <c>WedgedAfter</c> positive, <c>CancelGrace</c> not negative.</summary>
public sealed class WedgeOptionsTests
{
    private static readonly ChordEngineOptionsValidator Validator = new();

    [Fact]
    public void TheDefaultsHold()
    {
        var defaults = new ChordEngineOptions();

        Assert.True(Validator.Validate(null, defaults).Succeeded);
        Assert.Equal((TimeSpan.FromSeconds(60), true, TimeSpan.FromSeconds(30)), (defaults.WedgedAfter, defaults.RecycleWhenWedged, defaults.CancelGrace));
    }

    [Fact]
    public void AZeroWedgedAfterOrANegativeCancelGraceIsRefused()
    {
        var zero = Validator.Validate(null, new ChordEngineOptions { WedgedAfter = TimeSpan.Zero });
        var negative = Validator.Validate(null, new ChordEngineOptions { CancelGrace = TimeSpan.FromSeconds(-1) });
        var shortest = Validator.Validate(null, new ChordEngineOptions { WedgedAfter = TimeSpan.FromMilliseconds(100), CancelGrace = TimeSpan.Zero });

        Assert.True(zero.Failed);
        Assert.Contains(nameof(ChordEngineOptions.WedgedAfter), zero.FailureMessage, StringComparison.Ordinal);
        Assert.True(negative.Failed);
        Assert.Contains(nameof(ChordEngineOptions.CancelGrace), negative.FailureMessage, StringComparison.Ordinal);
        Assert.True(shortest.Succeeded);
    }
}
