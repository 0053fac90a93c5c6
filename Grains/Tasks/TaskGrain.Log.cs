using Microsoft.Extensions.Logging;

namespace Chord.Grains.Tasks;

internal sealed partial class TaskGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Task unit {Unit} could not record its results (try {Try}); retrying.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string unit, int @try);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task unit {Unit} could not report to its chord (try {Try}); retrying.")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string unit, int @try);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task unit {Unit} stopped unexpectedly; the chord will re-send it.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task unit {Unit}: its silo is stopping; the run is handed back to its chord.")]
    private static partial void LogHandedBack(ILogger logger, string unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task unit {Unit}: its silo is stopping and no other silo is active; the chord sends the run again when it resumes.")]
    private static partial void LogNoSiloToHandBackTo(ILogger logger, string unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task unit {Unit}: handing its run back failed; the chord's probe sends it again.")]
    private static partial void LogHandBackFailed(ILogger logger, Exception exception, string unit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task unit {Unit}: the body's combiner {Body} threw; its chord fails without running the body.")]
    private static partial void LogCombinerFailed(ILogger logger, Exception exception, string unit, string body);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task unit {Unit}: telling its chord what it runs failed; its report settles the counts.")]
    private static partial void LogActivityLost(ILogger logger, Exception exception, string unit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task unit {Unit}: this silo's storage writes keep failing; the run is given back to its chord, to be run where storage answers.")]
    private static partial void LogStorageUnreachable(ILogger logger, Exception exception, string unit);
}
