namespace Chord.Grains.Tasks;

/// <summary>
/// One stored page of a task unit's records beyond its first (key <c>{chordId}/{unit}/{page}</c>), written and
/// read only by its unit's <see cref="ITaskGrain"/>.
/// </summary>
[Alias("chord.IUnitPageGrain")]
internal interface IUnitPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page (again: a unit that writes its pages twice writes the same records).</summary>
    [Alias("Write")]
    Task WriteAsync(TaskRecord[] records);

    /// <summary>As <see cref="ITaskGrain.ReadRecordsAsync"/>, within this page.</summary>
    [Alias("Read")]
    Task<TaskRecord[]> ReadAsync(int skip, int maxBytes);

    /// <summary>Forgets the page.</summary>
    [Alias("Purge")]
    Task PurgeAsync();
}
