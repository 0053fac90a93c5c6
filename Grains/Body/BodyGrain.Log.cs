using Microsoft.Extensions.Logging;

namespace Chord.Grains.Body;

internal sealed partial class BodyGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The body of chord {ChordId} could not record its state (try {Try}); retrying.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string chordId, int @try);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The body of chord {ChordId} could not report to its chord (try {Try}); retrying.")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string chordId, int @try);

    [LoggerMessage(Level = LogLevel.Error, Message = "The body of chord {ChordId} stopped unexpectedly; the chord will start it again.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string chordId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Body of chord {ChordId}: handing its attempt back failed; the next activation counts it as lost.")]
    private static partial void LogHandBackFailed(ILogger logger, Exception exception, string chordId);
}
