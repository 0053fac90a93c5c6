using System.ComponentModel.DataAnnotations;

namespace Chord.Grains;

/// <summary>Engine settings, bound from the <c>Chord:Engine</c> configuration section. Each default is stated.</summary>
public sealed class ChordEngineOptions
{
    public const string SectionName = "Chord:Engine";

    /// <summary>Heavy tasks running at once per silo (the throttle K). Default 2.</summary>
    [Range(1, 1024)]
    public int HeavyConcurrency { get; set; } = 2;

    /// <summary>
    /// Units of light tasks running at once per silo (the rest wait for a permit), so light work never takes every
    /// core and progress reads stay quick. Default: the processor count less one, at least 1.
    /// </summary>
    [Range(1, 1024)]
    public int LightConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Light tasks per task grain. Default 512.</summary>
    [Range(1, 10_000)]
    public int LightUnitSize { get; set; } = 512;

    /// <summary>
    /// Most heavy tasks per task grain. A chord with fewer than 8 windows' worth of heavy tasks per unit puts fewer in
    /// each (one below 8 × <see cref="DispatchWindow"/>), so its units still spread over every silo; a large one fills
    /// units up to this size, so a heavy task costs a fraction of a storage write. Default 8.
    /// </summary>
    [Range(1, 1_000)]
    public int HeavyUnitSize { get; set; } = 8;

    /// <summary>
    /// How often each silo reports its lanes' load to the cluster view (<c>GET /cluster</c>), and how old the view
    /// each silo places units by may get. Default 500 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LoadReportInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where this silo's web host (its dashboard, <c>/metrics</c>, <c>/health</c>) answers, shown in the cluster view. Default none.</summary>
    public string? SiloUrl { get; set; }

    /// <summary>Task grains a chord keeps in flight at once (its dispatch window). Default 32.</summary>
    [Range(1, 10_000)]
    public int DispatchWindow { get; set; } = 32;

    /// <summary>Attempts per task and body when the chord does not say. Default 3.</summary>
    [Range(1, 100)]
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry when the chord does not say; it doubles per attempt, up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two attempts when the chord does not say. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a dispatched unit may stay silent before the chord re-sends it (its silo may have died).
    /// Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the per-task records (results, errors, timings) are kept after a chord finished; the chord's own
    /// snapshot (counts, failures, body result) is kept. Default 10 minutes; 0 purges them at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a finished chord stays readable: after it (from <c>finishedAt</c>) everything the chord stored is
    /// deleted (its state, spec, body result, task records and index entry) and reading it answers 404.
    /// Default 7 days; 0 deletes it at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan ChordRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Period of the durable reminder that wakes an unfinished chord after a crash or restart (Orleans' minimum
    /// is 1 minute). Default 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long every heavy permit of a silo may stay held by abandoned handlers (attempts that timed out and ignore
    /// their token) before the silo counts as wedged: its <c>/alive</c> answers 503 and, unless
    /// <see cref="RecycleWhenWedged"/> is false, it stops gracefully so its supervisor starts it again. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan WedgedAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether a wedged silo stops itself (hands its work back and exits with code 3) so that its supervisor replaces
    /// the process; false leaves it running, unhealthy. Default true.
    /// </summary>
    public bool RecycleWhenWedged { get; set; } = true;

    /// <summary>
    /// How long a cancelled chord waits for its running body and units to stop: past it, the chord ends
    /// <c>cancelled</c> and their late reports change nothing. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a unit's writes may fail on a silo with no success in between before it gives its run back to its
    /// chord, to be run where storage answers (a silo cut off from storage still answers the other silos, so the
    /// membership keeps it). Meanwhile the silo reports itself failing, and no new unit is placed there. Default 20 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StorageGiveUpAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a silo's storage writes may fail or hang (no success in between) before the silo leaves the cluster:
    /// it is recycled as a wedged silo is (a graceful stop, exit code 3, unless <see cref="RecycleWhenWedged"/> is
    /// false), so that its supervisor starts it again and it rejoins once storage answers. Until then the other silos'
    /// directory caches keep routing calls for grains it hosted to it, where each new activation fails to read its
    /// state. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StorageLeaveAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Housekeeping jobs (a batch of a purge of task records, a deletion after retention) running at once on a
    /// silo; the rest wait their turn (<c>chord_housekeeping_backlog</c>). Default 2.
    /// </summary>
    [Range(1, 64)]
    public int HousekeepingConcurrency { get; set; } = 2;

    /// <summary>
    /// Storage operations a silo's housekeeping issues per second at most, whatever its backlog, so that purges and
    /// deletions never take storage from running chords. Default 100.
    /// </summary>
    [Range(1, 100_000)]
    public int HousekeepingRate { get; set; } = 100;

    /// <summary>
    /// Chords a bulk operation (a redrive or cancel of many) acts on per second at most, so that one over thousands
    /// of chords does not take the cluster from the foreground. Default 100.
    /// </summary>
    [Range(1, 100_000)]
    public int OperationRate { get; set; } = 100;

    /// <summary>Most tasks one chord may have. Default 1,000,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxTasksPerChord { get; set; } = 1_000_000;

    /// <summary>Largest JSON arguments of one task or of the body, in UTF-8 bytes. Default 65,536 (64 KiB).</summary>
    [Range(16, 16 * 1024 * 1024)]
    public int MaxArgsBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest JSON result of one task or of the body, in UTF-8 bytes. A larger result fails its task (or the body)
    /// with error type <c>ResultTooLarge</c>, without retrying. Default 1,048,576 (1 MiB).
    /// </summary>
    [Range(16, 64 * 1024 * 1024)]
    public int MaxResultBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Task listings (<c>GET /chords/{id}/tasks</c>) a silo answers at once; one more is turned away with 503 and
    /// Retry-After. Each reads at most 4 MiB of records, so this bounds the memory listings hold. Default 4.
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrentListings { get; set; } = 4;

    /// <summary>The most chords one listing returns (<c>GET /chords</c>, newest first); the index holds every retained chord. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int RecentChords { get; set; } = 1_000;

    /// <summary>Longest chord id, in characters. Default 128.</summary>
    [Range(1, 512)]
    public int MaxIdLength { get; set; } = 128;
}
