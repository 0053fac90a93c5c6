using Orleans.Placement;

namespace Chord.Grains.Placement;

/// <summary>Marks a grain class for <see cref="LeastLoadedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class LeastLoadedPlacementAttribute() : PlacementAttribute(LeastLoadedPlacement.Singleton);
