namespace Chord;

/// <summary>One silo in the cluster view: its latest load and its task rate between its last two reports.</summary>
[GenerateSerializer, Immutable, Alias("chord.SiloView")]
public sealed record SiloView
{
    [Id(0)] public required SiloLoad Load { get; init; }

    /// <summary>Tasks recorded per second between the silo's last two reports (0 after its first).</summary>
    [Id(1)] public double TasksPerSecond { get; init; }

    /// <summary>True once the silo said it is stopping: it takes no new work (its load is its last report).</summary>
    [Id(2)] public bool Leaving { get; init; }
}
