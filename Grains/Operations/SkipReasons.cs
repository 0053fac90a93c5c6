namespace Chord.Grains.Operations;

/// <summary>The reason codes of a chord a bulk operation skipped (the keys of <see cref="BulkOperationProgress.SkipReasons"/>).</summary>
internal static class SkipReasons
{
    public const string NotFound = "not-found";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Purged = "purged";
    public const string CombinerFailed = "combiner-failed";
    public const string Finished = "finished";
    public const string Failing = "failing";
    public const string Cancelling = "cancelling";
}
