using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary><c>PUT /v1/limits/keys/{key}</c> or <c>…/handlers/{handler}</c>: the limits to apply from now on (all of them; one left out no longer limits).</summary>
public sealed record LimitRequest(
    [property: Description("Heavy handlers running at once across the cluster at most; none: no such limit.")] int? MaxRunning = null,
    [property: Description("Heavy tasks started per second at most across the cluster; none: no such limit.")] double? RatePerSecond = null,
    [property: Description("With ratePerSecond: how many may start at once after a quiet spell (default the rate, rounded up).")] int? Burst = null,
    [property: Description("Keys only: permits per turn in each silo's heavy lane (default 1).")] int? Weight = null)
{
    public LimitSettings ToSettings() => new() { MaxRunning = MaxRunning, RatePerSecond = RatePerSecond, Burst = Burst, Weight = Weight };
}
