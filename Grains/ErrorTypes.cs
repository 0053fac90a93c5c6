namespace Chord.Grains;

/// <summary>The error types the engine itself gives a task or a body (a handler's failures carry its exception's type).</summary>
internal static class ErrorTypes
{
    /// <summary>Cancelled by the chord's cancel.</summary>
    public const string Cancelled = "Cancelled";

    /// <summary>An attempt ran past its <c>taskTimeoutMs</c>.</summary>
    public const string Timeout = "Timeout";

    /// <summary>A handler went silent past its <c>heartbeatTimeoutMs</c>.</summary>
    public const string HeartbeatTimeout = "HeartbeatTimeout";

    /// <summary>Every attempt was interrupted by its silo dying.</summary>
    public const string WorkerLost = "WorkerLost";

    /// <summary>The body did not run: failed tasks crossed the chord's tolerance.</summary>
    public const string ChordError = "ChordError";

    /// <summary>The handler is not registered on the silo that ran the attempt (silos of different releases).</summary>
    public const string HandlerNotFound = "HandlerNotFound";

    /// <summary>A result larger than <see cref="ChordEngineOptions.MaxResultBytes"/>.</summary>
    public const string ResultTooLarge = "ResultTooLarge";
}
