namespace Chord.Client;

/// <summary>What a cluster-wide limit follows: a chord key (<see cref="ChordRunOptions.Key"/>) or a heavy handler.</summary>
public enum LimitTarget
{
    Key,
    Handler,
}
