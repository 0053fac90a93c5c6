namespace Chord.Grains.Tasks;

/// <summary>A stored page of a unit's records (see <see cref="IUnitPageGrain"/>).</summary>
[GenerateSerializer, Alias("chord.UnitPageState")]
internal sealed class UnitPageState
{
    [Id(0)] public TaskRecord[]? Records { get; set; }
}
