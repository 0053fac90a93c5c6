using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// The per-silo queue in front of the heavy worker: K permits (<c>HeavyConcurrency</c>). Heavy work waits here
/// instead of in the worker's inbox, where a request older than the response timeout expires.
/// </summary>
internal sealed class HeavyLane(IOptions<ChordEngineOptions> options) : LanePermits(options.Value.HeavyConcurrency);
