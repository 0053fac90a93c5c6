namespace Chord;

/// <summary>What a chord's webhook is called for.</summary>
[GenerateSerializer, Alias("chord.NotifyEvent")]
public enum NotifyEvent
{
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Each time its completed tasks pass another <see cref="NotifySpec.ProgressEveryPercent"/> of the total.</summary>
    Progress,
}
