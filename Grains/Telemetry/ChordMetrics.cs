using System.Diagnostics.Metrics;
using Chord.Grains.Lanes;
using Chord.Grains.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Telemetry;

/// <summary>
/// The engine's instruments, in the <c>Chord</c> meter (names start with <c>chord.</c>; a Prometheus scrape shows
/// them as <c>chord_…</c>). Counters are per silo: each silo counts what ran and was recorded on it. The gauges read
/// the silo's lanes when a reader collects; they resolve the lanes then, so the lanes can record here without a cycle.
/// </summary>
internal sealed class ChordMetrics
{
    public const string MeterName = "Chord";

    private readonly Counter<long> _chordsSubmitted;
    private readonly Counter<long> _chordsFinished;
    private readonly Counter<long> _tasksSucceeded;
    private readonly Counter<long> _tasksFailed;
    private readonly Counter<long> _tasksCancelled;
    private readonly Counter<long> _tasksRetried;
    private readonly Counter<long> _attemptsTimedOut;
    private readonly Counter<long> _storageWrites;
    private readonly Histogram<double> _taskDuration;
    private readonly Histogram<double> _bodyDuration;
    private long _tasksCompleted;

    public ChordMetrics(IMeterFactory meters, IServiceProvider services, IOptions<ChordEngineOptions> options)
    {
        var meter = meters.Create(MeterName);
        _chordsSubmitted = meter.CreateCounter<long>("chord.chords.submitted", "{chord}", "Chords accepted by their chord grain on this silo.");
        _chordsFinished = meter.CreateCounter<long>("chord.chords.finished", "{chord}", "Chords that reached a final status (tag status: succeeded, failed, cancelled).");
        _tasksSucceeded = meter.CreateCounter<long>("chord.tasks.succeeded", "{task}", "Tasks recorded as succeeded (tag handler).");
        _tasksFailed = meter.CreateCounter<long>("chord.tasks.failed", "{task}", "Tasks recorded as failed after their retries (tags handler, error.type).");
        _tasksCancelled = meter.CreateCounter<long>("chord.tasks.cancelled", "{task}", "Tasks recorded as cancelled (tag handler).");
        _tasksRetried = meter.CreateCounter<long>("chord.tasks.retried", "{attempt}", "Failed attempts that will be tried again (tags handler, error.type).");
        _attemptsTimedOut = meter.CreateCounter<long>("chord.tasks.timed_out", "{attempt}", "Attempts abandoned past taskTimeoutMs or heartbeatTimeoutMs (tags handler, error.type).");
        _storageWrites = meter.CreateCounter<long>("chord.storage.writes", "{write}", "Grain state writes by the engine (tag state: chord, spec, unit, page, body, index).");
        _taskDuration = meter.CreateHistogram<double>("chord.task.duration", "s", "How long one attempt of a task handler ran, from its permit to its return (tags handler, outcome).");
        _bodyDuration = meter.CreateHistogram<double>("chord.body.duration", "s", "How long one attempt of a body handler ran (tags handler, outcome).");
        var limit = options.Value.HeavyConcurrency;
        meter.CreateObservableGauge("chord.heavy_lane.limit", () => limit, "{handler}", "K: heavy handlers this silo runs at once at most.");
        meter.CreateObservableGauge("chord.heavy_lane.running", () => services.GetRequiredService<HeavyLane>().Held, "{handler}", "Heavy permits held on this silo (handlers running, abandoned ones included).");
        meter.CreateObservableGauge("chord.heavy_lane.queued", () => services.GetRequiredService<HeavyLane>().Queued, "{task}", "Heavy tasks waiting for a permit on this silo.");
        meter.CreateObservableGauge("chord.handlers.abandoned", () => services.GetRequiredService<LaneRunner>().Abandoned, "{handler}", "Handlers whose attempt timed out and that still run on this silo.");
    }

    /// <summary>Tasks recorded on this silo since it started (succeeded, failed or cancelled): the cluster view's rate.</summary>
    public long TasksCompleted => Interlocked.Read(ref _tasksCompleted);

    public void ChordSubmitted() => _chordsSubmitted.Add(1);

    public void ChordFinished(ChordStatus status) => _chordsFinished.Add(1, new KeyValuePair<string, object?>("status", Lower(status)));

    public void TaskRecorded(TaskRecord record)
    {
        Interlocked.Increment(ref _tasksCompleted);
        var handler = new KeyValuePair<string, object?>("handler", record.Handler);
        switch (record.State)
        {
            case TaskOutcome.Succeeded:
                _tasksSucceeded.Add(1, handler);
                break;
            case TaskOutcome.Failed:
                _tasksFailed.Add(1, handler, new KeyValuePair<string, object?>("error.type", record.Error?.Type));
                break;
            default:
                _tasksCancelled.Add(1, handler);
                break;
        }
    }

    public void TaskRetried(string handler, string errorType) =>
        _tasksRetried.Add(1, new KeyValuePair<string, object?>("handler", handler), new KeyValuePair<string, object?>("error.type", errorType));

    public void AttemptTimedOut(string handler, string errorType) =>
        _attemptsTimedOut.Add(1, new KeyValuePair<string, object?>("handler", handler), new KeyValuePair<string, object?>("error.type", errorType));

    public void AttemptRan(string handler, bool body, TimeSpan duration, AttemptResult outcome) =>
        (body ? _bodyDuration : _taskDuration).Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("handler", handler),
            new KeyValuePair<string, object?>("outcome", outcome.Succeeded ? "succeeded" : outcome.Cancelled ? "cancelled" : "failed"));

    public void StorageWrite(string state) => _storageWrites.Add(1, new KeyValuePair<string, object?>("state", state));

    private static string Lower(ChordStatus status) => status.ToString().ToLowerInvariant();
}
