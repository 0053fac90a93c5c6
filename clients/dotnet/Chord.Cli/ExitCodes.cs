namespace Chord.Cli;

/// <summary>What <c>chord</c> exits with: a watched chord's outcome, or why the command could not do its work.</summary>
public static class ExitCodes
{
    /// <summary>Done; a watched chord succeeded.</summary>
    public const int Succeeded = 0;

    /// <summary>A watched chord failed.</summary>
    public const int Failed = 1;

    /// <summary>A watched chord was cancelled.</summary>
    public const int Cancelled = 2;

    /// <summary>The API refused the command or could not be reached (the reason is on standard error).</summary>
    public const int ApiError = 3;

    /// <summary>The command line is wrong (EX_USAGE).</summary>
    public const int Usage = 64;

    public static int Of(Chord.Client.ChordSnapshot final) => final.Status switch
    {
        Chord.Client.ChordState.Succeeded => Succeeded,
        Chord.Client.ChordState.Cancelled => Cancelled,
        _ => Failed,
    };
}
