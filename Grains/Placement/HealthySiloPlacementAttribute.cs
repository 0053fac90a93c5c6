using Orleans.Placement;

namespace Chord.Grains.Placement;

/// <summary>Marks a grain class for <see cref="HealthySiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class HealthySiloPlacementAttribute() : PlacementAttribute(HealthySiloPlacement.Singleton);
