using Orleans.Serialization;

namespace Chord.Grains.Tasks;

/// <summary>
/// Packs task records into Orleans' binary format for storage. Grain storage writes JSON with type names and
/// reference tracking; for hundreds of records per unit that was the largest CPU cost of a no-op chord, and their
/// largest part on disk. Packed, a unit's records are one byte array (base64 in the stored JSON), version-tolerant
/// as every message is ([Id] fields, aliased types).
/// </summary>
internal sealed class RecordPacker(Serializer<TaskRecord[]> serializer)
{
    public byte[] Pack(TaskRecord[] records) => serializer.SerializeToArray(records);

    public TaskRecord[] Unpack(byte[] packed) => serializer.Deserialize(packed) ?? [];
}
