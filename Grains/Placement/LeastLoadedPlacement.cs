namespace Chord.Grains.Placement;

/// <summary>Places an activation on the silo whose lanes hold the least work for their size (see <see cref="LeastLoadedPlacementDirector"/>).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("chord.LeastLoadedPlacement")]
internal sealed class LeastLoadedPlacement : PlacementStrategy
{
    public static LeastLoadedPlacement Singleton { get; } = new();
}
