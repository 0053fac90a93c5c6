namespace Chord.Grains.Chords;

/// <summary>
/// What the chord grain does after a decision's state is written: the order in which it writes, publishes and then
/// acts is what keeps a crash from showing or sending anything that storage does not hold.
/// </summary>
internal sealed record ChordEffects
{
    public static readonly ChordEffects None = new();

    /// <summary>Units to send to their task grains (new ones, or ones sent again after a crash or a silence).</summary>
    public IReadOnlyList<int> SendUnits { get; init; } = [];

    /// <summary>Units to tell to cancel.</summary>
    public IReadOnlyList<int> CancelUnits { get; init; } = [];

    /// <summary>Start the body (or have it report its recorded outcome again).</summary>
    public bool StartBody { get; init; }

    /// <summary>Tell a running body to cancel.</summary>
    public bool CancelBody { get; init; }
}
