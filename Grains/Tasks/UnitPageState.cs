namespace Chord.Grains.Tasks;

/// <summary>A stored page of a unit's records (see <see cref="IUnitPageGrain"/>).</summary>
[GenerateSerializer, Alias("chord.UnitPageState")]
internal sealed class UnitPageState
{
    /// <summary>The page's records, packed (see <see cref="RecordPacker"/>), or null when <see cref="Records"/> holds them.</summary>
    [Id(0)] public byte[]? Packed { get; set; }

    /// <summary>The page's records when they are too large to pack.</summary>
    [Id(1)] public TaskRecord[]? Records { get; set; }
}
