namespace Chord;

/// <summary>What a cluster-wide limit follows: a chord key (<c>options.key</c>, e.g. a tenant) or a heavy handler.</summary>
[GenerateSerializer, Alias("chord.LimitKind")]
public enum LimitKind
{
    Key,
    Handler,
}
