namespace Chord.Grains.Index;

/// <summary>
/// What the index keeps of one chord: enough to list it and to wake it when it needs waking (an unfinished chord
/// after a crash or restart, a finished one when its records and later the chord itself are due to go), and what a
/// search filters on: its labels and handlers, as <see cref="ChordIndexText"/> writes them (text, so that a row
/// told again compares equal and costs no write). A finished chord whose webhook has not settled its final event
/// or whose continuation is not submitted (<see cref="FollowUpPending"/>) is woken every reminder period until they are.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordIndexRow")]
internal sealed record ChordIndexRow(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] ChordStatus Status,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTimeOffset? FinishedAt = null,
    [property: Id(5)] bool Purged = false,
    [property: Id(6)] string? Labels = null,
    [property: Id(7)] string? Handlers = null,
    [property: Id(8)] string? Failures = null,
    [property: Id(9)] bool FollowUpPending = false)
{
    public bool IsFinal => Status is ChordStatus.Succeeded or ChordStatus.Failed or ChordStatus.Cancelled;

    public ChordIndexEntry Entry => new(Id, CreatedAt, Status, Version);
}
