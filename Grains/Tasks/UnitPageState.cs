namespace Chord.Grains.Tasks;

/// <summary>A stored page of a unit's records (see <see cref="IUnitPageGrain"/>).</summary>
[GenerateSerializer, Alias("chord.UnitPageState")]
internal sealed class UnitPageState
{
    /// <summary>The page's records, packed (see <see cref="RecordPacker"/>).</summary>
    [Id(0)] public byte[]? Packed { get; set; }
}
