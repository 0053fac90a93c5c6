namespace Chord.Grains.Placement;

/// <summary>Places an activation on a random silo that neither leaves nor fails its storage writes (see <see cref="HealthySiloPlacementDirector"/>).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("chord.HealthySiloPlacement")]
internal sealed class HealthySiloPlacement : PlacementStrategy
{
    public static HealthySiloPlacement Singleton { get; } = new();
}
