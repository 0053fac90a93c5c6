using Orleans.Serialization;

namespace Chord.Grains.Tasks;

/// <summary>
/// Chooses how a page of task records is stored. Grain storage writes JSON with type names and reference tracking;
/// for hundreds of small records per unit that was the largest CPU cost of a no-op chord, so pages of small records
/// are packed into Orleans' binary format (one byte array, base64 in the stored JSON), version-tolerant as every
/// message is ([Id] fields, aliased types). Pages of large results stay JSON records: their strings are stored as
/// they are, where base64 would add a third and the JSON reader would buffer the whole array as one token.
/// </summary>
internal sealed class RecordPacker(Serializer<TaskRecord[]> serializer)
{
    /// <summary>The heaviest page that is packed (by <see cref="TaskRecord.ApproximateBytes"/>).</summary>
    public const int MaxPackedBytes = 256 * 1024;

    /// <summary>The page as stored: packed, or as records.</summary>
    public (byte[]? Packed, TaskRecord[]? Records) Store(TaskRecord[] records) =>
        UnitPages.Weigh(records) <= MaxPackedBytes ? (serializer.SerializeToArray(records), null) : (null, records);

    /// <summary>The records of a stored page; null when nothing is stored.</summary>
    public TaskRecord[]? Load(byte[]? packed, TaskRecord[]? records) => packed is null ? records : serializer.Deserialize(packed) ?? [];
}
