using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// Units of light tasks running at once on this silo (<c>LightConcurrency</c>, one less than the cores by default):
/// light work never takes every core, so progress reads and the silo's own messaging stay quick while a big chord
/// of light tasks runs.
/// </summary>
internal sealed class LightLane(IOptions<ChordEngineOptions> options) : LanePermits(options.Value.LightConcurrency);
