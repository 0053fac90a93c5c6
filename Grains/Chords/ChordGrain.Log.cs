using Microsoft.Extensions.Logging;

namespace Chord.Grains.Chords;

internal sealed partial class ChordGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Chord {ChordId} continued: next {Next}; not submitted because: {Error}.")]
    private static partial void LogContinued(ILogger logger, string chordId, string? next, string? error);

    // Debug, as every per-chord line: a shop submits hundreds of small chords a second (metrics count them).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Chord {ChordId} accepted: {Total} tasks in {Units} units of {UnitSize}.")]
    private static partial void LogSubmitted(ILogger logger, string chordId, int total, int units, int unitSize);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chord {ChordId} finished {Status}: {Succeeded} succeeded, {Failed} failed, {Cancelled} cancelled.")]
    private static partial void LogFinished(ILogger logger, string chordId, ChordStatus status, int succeeded, int failed, int cancelled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: cancel requested with {InFlight} units in flight.")]
    private static partial void LogCancelRequested(ILogger logger, string chordId, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} failed ({Error}); no more units will be sent.")]
    private static partial void LogTaskFailed(ILogger logger, string chordId, int index, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: unit {Unit} reported again; the first report stands.")]
    private static partial void LogDuplicateReport(ILogger logger, string chordId, int unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: unit {Unit} has been silent for a probe interval; sending it again.")]
    private static partial void LogResending(ILogger logger, string chordId, int unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: could not {What}; the probe will try again.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string chordId, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chord {ChordId}: writing its state failed; the activation is dropped and the caller retries.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string chordId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chord {ChordId}: task records of {Units} units purged.")]
    private static partial void LogPurged(ILogger logger, string chordId, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: retention passed; everything it stored is deleted.")]
    private static partial void LogDeleted(ILogger logger, string chordId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: retention step {Step} failed; it is tried again.")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception, string chordId, RetentionStep step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: redriven (redrive {Redrives}); its failed and never-run tasks run again.")]
    private static partial void LogRedriven(ILogger logger, string chordId, int redrives);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chord {ChordId}: unit {Unit} was handed back by a stopping silo; it is sent again.")]
    private static partial void LogHandedBack(ILogger logger, string chordId, int unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: cancelled, but {Units} unit(s) and the body (running: {BodyRunning}) did not stop within CancelGrace; it ends cancelled and abandons them.")]
    private static partial void LogCancelGraceOver(ILogger logger, string chordId, int units, bool bodyRunning);
}
