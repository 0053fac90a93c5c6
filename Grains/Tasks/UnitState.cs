namespace Chord.Grains.Tasks;

/// <summary>A task grain's durable record: null until every task of the unit reached a final state.</summary>
[GenerateSerializer, Alias("chord.UnitState")]
internal sealed class UnitState
{
    [Id(0)] public TaskRecord[]? Records { get; set; }
}
