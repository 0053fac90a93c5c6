using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Telemetry;

/// <summary>
/// The engine's instruments, in the <c>Chord</c> meter (names start with <c>chord.</c>; a Prometheus scrape shows
/// them as <c>chord_…</c>). Counters are per silo: each silo counts what ran and was recorded on it. The gauges read
/// the silo's lanes when a reader collects, through what the lanes hand in (<see cref="ObserveHeavyLane"/>,
/// <see cref="ObserveAbandoned"/>): this folder knows no lane, so every part of the engine can record here.
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
    private readonly Counter<long> _webhookCalls;
    private readonly Counter<long> _webhookEvents;
    private readonly Histogram<double> _webhookLatency;
    private long _tasksCompleted;
    private Func<int> _held = () => 0;
    private Func<int> _queued = () => 0;
    private Func<int> _abandoned = () => 0;
    private Func<IReadOnlyList<LimitLoad>> _limitLoads = () => [];
    private MetricNameCap _limitLabels = new(0);
    private Func<int> _housekeepingWaiting = () => 0;
    private Func<int> _housekeepingRunning = () => 0;
    private Func<long> _housekeepingOperations = () => 0;

    public ChordMetrics(IMeterFactory meters, IOptions<ChordEngineOptions> options)
    {
        var meter = meters.Create(MeterName);
        _chordsSubmitted = meter.CreateCounter<long>("chord.chords.submitted", "{chord}", "Chords accepted by their chord grain on this silo.");
        _chordsFinished = meter.CreateCounter<long>("chord.chords.finished", "{chord}", "Chords that reached a final status (tag status: succeeded, failed, cancelled).");
        _tasksSucceeded = meter.CreateCounter<long>("chord.tasks.succeeded", "{task}", "Tasks recorded as succeeded (tag handler).");
        _tasksFailed = meter.CreateCounter<long>("chord.tasks.failed", "{task}", "Tasks recorded as failed after their retries (tags handler, error.type).");
        _tasksCancelled = meter.CreateCounter<long>("chord.tasks.cancelled", "{task}", "Tasks recorded as cancelled (tag handler).");
        _tasksRetried = meter.CreateCounter<long>("chord.tasks.retried", "{attempt}", "Failed attempts that will be tried again (tags handler, error.type).");
        _attemptsTimedOut = meter.CreateCounter<long>("chord.tasks.timed_out", "{attempt}", "Attempts abandoned past taskTimeoutMs or heartbeatTimeoutMs (tags handler, error.type).");
        _storageWrites = meter.CreateCounter<long>("chord.storage.writes", "{write}", "Grain state and reminder writes by the engine (tag state: chord, spec, unit, page, body, index, reminder).");
        _taskDuration = meter.CreateHistogram<double>("chord.task.duration", "s", "How long one attempt of a task handler ran, from its permit to its return (tags handler, outcome).");
        _bodyDuration = meter.CreateHistogram<double>("chord.body.duration", "s", "How long one attempt of a body handler ran (tags handler, outcome).");
        _webhookCalls = meter.CreateCounter<long>("chord.webhook.calls", "{call}", "Webhook calls made on this silo (tag outcome: delivered, failed — tried again unless given up —, refused — the host is not allowed).");
        _webhookEvents = meter.CreateCounter<long>("chord.webhook.events", "{event}", "Webhook events settled on this silo (tag outcome: delivered, failed after RetryFor or refused).");
        _webhookLatency = meter.CreateHistogram<double>("chord.webhook.latency", "s", "From a webhook event's first call to its delivery (0 when the first call delivers it; tag outcome).");
        var limit = options.Value.HeavyConcurrency;
        meter.CreateObservableGauge("chord.heavy_lane.limit", () => limit, "{handler}", "K: heavy handlers this silo runs at once at most.");
        meter.CreateObservableGauge("chord.heavy_lane.running", () => _held(), "{handler}", "Heavy permits held on this silo (handlers running, abandoned ones included).");
        meter.CreateObservableGauge("chord.heavy_lane.queued", () => _queued(), "{task}", "Heavy tasks waiting for a permit on this silo.");
        meter.CreateObservableGauge("chord.handlers.abandoned", () => _abandoned(), "{handler}", "Handlers whose attempt timed out and that still run on this silo.");
        meter.CreateObservableGauge("chord.housekeeping.backlog", () => _housekeepingWaiting(), "{job}", "Housekeeping jobs (purge batches, deletions) waiting for a turn on this silo.");
        meter.CreateObservableGauge("chord.housekeeping.running", () => _housekeepingRunning(), "{job}", "Housekeeping jobs running on this silo.");
        meter.CreateObservableGauge("chord.limit.running", () => LimitMeasurements(l => l.Running), "{handler}", "Heavy handlers running on this silo under a cluster-wide limit (tags limit.kind: key or handler, limit.name; names past Chord:Limits:MetricNames count as other).");
        meter.CreateObservableGauge("chord.limit.waiting", () => LimitMeasurements(l => l.Waiting), "{task}", "Heavy tasks waiting on this silo under a cluster-wide limit (tags limit.kind, limit.name).");
        meter.CreateObservableCounter("chord.limit.started", () => LimitMeasurements(l => l.Started), "{task}", "Heavy tasks started on this silo under a cluster-wide limit (tags limit.kind, limit.name; its rate is the limit's rate here).");
        meter.CreateObservableCounter("chord.housekeeping.operations", () => _housekeepingOperations(), "{operation}", "Storage operations granted to housekeeping on this silo (its rate is this counter's rate).");
    }

    /// <summary>The heavy lane hands in how to read its permits held and tasks queued.</summary>
    public void ObserveHeavyLane(Func<int> held, Func<int> queued) => (_held, _queued) = (held, queued);

    /// <summary>The housekeeping lane hands in how to read its backlog, its running jobs and its operations.</summary>
    public void ObserveHousekeeping(Func<int> waiting, Func<int> running, Func<long> operations) =>
        (_housekeepingWaiting, _housekeepingRunning, _housekeepingOperations) = (waiting, running, operations);

    /// <summary>
    /// The limits hand in how to read what runs, waits and started under each, and how many names get a label value
    /// of their own (the first seen; the rest are summed under <c>other</c>, so the label's values stay few).
    /// </summary>
    public void ObserveLimits(Func<IReadOnlyList<LimitLoad>> loads, int names) => (_limitLoads, _limitLabels) = (loads, new MetricNameCap(names));

    private IEnumerable<Measurement<long>> LimitMeasurements(Func<LimitLoad, long> value) => _limitLoads()
        .GroupBy(l => (Kind: l.Kind == LimitKind.Key ? "key" : "handler", Name: _limitLabels.Of(l.Kind, l.Name)))
        .Select(g => new Measurement<long>(g.Sum(value), new KeyValuePair<string, object?>("limit.kind", g.Key.Kind), new KeyValuePair<string, object?>("limit.name", g.Key.Name)));

    /// <summary>The lane runner hands in how to read its abandoned handlers.</summary>
    public void ObserveAbandoned(Func<int> abandoned) => _abandoned = abandoned;

    /// <summary>Tasks recorded on this silo since it started (succeeded, failed or cancelled): the cluster view's rate.</summary>
    public long TasksCompleted => Interlocked.Read(ref _tasksCompleted);

    public void ChordSubmitted() => _chordsSubmitted.Add(1);

    public void WebhookCalled(string outcome) => _webhookCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookSettled(bool delivered, TimeSpan after)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed");
        _webhookEvents.Add(1, outcome);
        _webhookLatency.Record(after.TotalSeconds, outcome);
    }

    public void ChordFinished(ChordStatus status) => _chordsFinished.Add(1, new KeyValuePair<string, object?>("status", Lower(status)));

    /// <summary>A task was recorded final: succeeded (no error), cancelled, or failed with <paramref name="error"/>.</summary>
    public void TaskRecorded(string? handlerName, bool succeeded, bool cancelled, TaskError? error)
    {
        Interlocked.Increment(ref _tasksCompleted);
        var handler = new KeyValuePair<string, object?>("handler", handlerName);
        if (succeeded)
        {
            _tasksSucceeded.Add(1, handler);
        }
        else if (cancelled)
        {
            _tasksCancelled.Add(1, handler);
        }
        else
        {
            _tasksFailed.Add(1, handler, new KeyValuePair<string, object?>("error.type", error?.Type));
        }
    }

    public void TaskRetried(string handler, string errorType) =>
        _tasksRetried.Add(1, new KeyValuePair<string, object?>("handler", handler), new KeyValuePair<string, object?>("error.type", errorType));

    public void AttemptTimedOut(string handler, string errorType) =>
        _attemptsTimedOut.Add(1, new KeyValuePair<string, object?>("handler", handler), new KeyValuePair<string, object?>("error.type", errorType));

    /// <summary>One attempt of a task's (or the body's) handler ran for <paramref name="duration"/> and ended <paramref name="outcome"/> (succeeded, failed, cancelled).</summary>
    public void AttemptRan(string handler, bool body, TimeSpan duration, string outcome) =>
        (body ? _bodyDuration : _taskDuration).Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("handler", handler),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void StorageWrite(string state) => _storageWrites.Add(1, new KeyValuePair<string, object?>("state", state));

    private static string Lower(ChordStatus status) => status.ToString().ToLowerInvariant();
}
