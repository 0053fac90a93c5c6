using System.Collections.Concurrent;

namespace Chord.Testing;

/// <summary>
/// What the test handlers saw, shared by every silo of one in-process cluster (they share the process): heavy
/// tasks running at once per silo, where tasks ran, and how often each chord's body was invoked.
/// </summary>
public sealed class TestProbe
{
    private readonly ConcurrentDictionary<string, int> _running = new();
    private readonly ConcurrentDictionary<string, int> _maxRunning = new();
    private readonly ConcurrentDictionary<string, int> _tasksPerSilo = new();
    private readonly ConcurrentDictionary<string, int> _bodyInvocations = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<int>[]> _bodyReads = new();
    private readonly ConcurrentDictionary<string, string> _bodySilos = new();
    private readonly ConcurrentDictionary<string, BodyProgress[]> _bodySeen = new();
    private readonly ConcurrentDictionary<(string Chord, int Index), int> _done = new();
    private readonly ConcurrentQueue<(string Chord, int Index, int Attempt, string? Last)> _heartbeatsSeen = new();
    private readonly ConcurrentDictionary<(string Chord, int Index), string> _ranOn = new();
    private readonly ConcurrentDictionary<string, int> _hanging = new();
    private readonly ConcurrentDictionary<string, int> _hangs = new();
    private string? _lastSilo;

    /// <summary>Where <c>hang</c> tasks hang: the silos named (all silos when it holds <c>*</c>); none by default.</summary>
    public ConcurrentDictionary<string, bool> HangOn { get; } = new();

    /// <summary>Ends every hanging <c>hang</c> attempt (set it when the test is done with them).</summary>
    public TaskCompletionSource HangReleased { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HangsOn(string silo) => HangOn.ContainsKey("*") || HangOn.ContainsKey(silo);

    public void HangStarted(string silo)
    {
        _hanging.AddOrUpdate(silo, 1, (_, n) => n + 1);
        _hangs.AddOrUpdate(silo, 1, (_, n) => n + 1);
    }

    public void HangEnded(string silo) => _hanging.AddOrUpdate(silo, 0, (_, n) => n - 1);

    /// <summary><c>hang</c> attempts hanging right now on <paramref name="silo"/>.</summary>
    public int HangingOn(string silo) => _hanging.GetValueOrDefault(silo);

    /// <summary><c>hang</c> and <c>hang-body</c> attempts hanging right now, on every silo.</summary>
    public int HangingNow => _hanging.Values.Sum();

    /// <summary><c>hang</c> and <c>hang-body</c> attempts that hung so far, on every silo.</summary>
    public int HangsSeen => _hangs.Values.Sum();

    /// <summary><c>hang</c> attempts that hung on <paramref name="silo"/> so far.</summary>
    public int HangsSeenOn(string silo) => _hangs.GetValueOrDefault(silo);

    /// <summary>Where task <paramref name="index"/> of the chord last ran to its end in a <c>hang</c> handler; null if it never did.</summary>
    public string? RanOnSilo(string chordId, int index) => _ranOn.GetValueOrDefault((chordId, index));

    public void RanOn(string chordId, int index, string silo) => _ranOn[(chordId, index)] = silo;

    /// <summary>What <c>gate</c> tasks wait for.</summary>
    public ManualResetEventSlim Gate { get; } = new();

    /// <summary>Set once a <c>gate</c> task started waiting.</summary>
    public ManualResetEventSlim GateReached { get; } = new();

    public IReadOnlyDictionary<string, int> MaxRunningPerSilo => _maxRunning;

    public IReadOnlyDictionary<string, int> TasksPerSilo => _tasksPerSilo;

    public IReadOnlyDictionary<string, int> RunningPerSilo => _running;

    /// <summary>Probe tasks running right now, on all silos.</summary>
    public int RunningNow => _running.Values.Sum();

    /// <summary>Silos with a probe task running right now.</summary>
    public int SilosRunningNow => _running.Values.Count(n => n > 0);

    public int BodyInvocations(string chordId) => _bodyInvocations.GetValueOrDefault(chordId);

    public void BodyInvoked(string chordId, string silo)
    {
        _bodySilos[chordId] = silo;
        _bodyInvocations.AddOrUpdate(chordId, 1, (_, n) => n + 1);
    }

    /// <summary>What the chord's snapshot said of its body at the start of each attempt of <c>watched-fail-body</c>.</summary>
    public BodyProgress[] BodySeenAtAttempts(string chordId) => _bodySeen.GetValueOrDefault(chordId, []);

    public void BodySeen(string chordId, BodyProgress body) => _bodySeen.AddOrUpdate(chordId, [body], (_, seen) => [.. seen, body]);

    /// <summary>The silo the chord's body last ran on, null before it ran.</summary>
    public string? BodySilo(string chordId) => _bodySilos.GetValueOrDefault(chordId);

    /// <summary>The indexes each complete read of a body's input returned, in the order read.</summary>
    public IReadOnlyList<int>[] BodyReads(string chordId) => _bodyReads.GetValueOrDefault(chordId, []);

    public void BodyRead(string chordId, IReadOnlyList<int> indexes) =>
        _bodyReads.AddOrUpdate(chordId, [indexes], (_, reads) => [.. reads, indexes]);

    /// <summary>The silo where a probe task started last.</summary>
    public string? LastSilo => Volatile.Read(ref _lastSilo);

    /// <summary>How many times task <paramref name="index"/> of the chord ran to its end (not cancelled) in a probe handler.</summary>
    public int TimesDone(string chordId, int index) => _done.GetValueOrDefault((chordId, index));

    public void Done(string chordId, int index) => _done.AddOrUpdate((chordId, index), 1, (_, n) => n + 1);

    /// <summary>When a <c>probe</c> task of the chord first began (its handler's own clock), if one did.</summary>
    public DateTimeOffset? FirstStartOf(string chordId) => _firstStarts.TryGetValue(chordId, out var at) ? at : null;

    public void Started(string chordId) => _firstStarts.TryAdd(chordId, DateTimeOffset.UtcNow);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstStarts = new();

    /// <summary>What each attempt of a <c>checkpoint</c> task found as its last heartbeat (raw JSON, null for none).</summary>
    public (int Index, int Attempt, string? Last)[] HeartbeatsSeen(string chordId) =>
        [.. _heartbeatsSeen.Where(seen => seen.Chord == chordId).Select(seen => (seen.Index, seen.Attempt, seen.Last))];

    public void HeartbeatSeen(string chordId, int index, int attempt, string? last) => _heartbeatsSeen.Enqueue((chordId, index, attempt, last));

    public IDisposable Enter(string silo)
    {
        Volatile.Write(ref _lastSilo, silo);
        var now = _running.AddOrUpdate(silo, 1, (_, n) => n + 1);
        _maxRunning.AddOrUpdate(silo, now, (_, max) => Math.Max(max, now));
        _tasksPerSilo.AddOrUpdate(silo, 1, (_, n) => n + 1);
        return new Exit(() => _running.AddOrUpdate(silo, 0, (_, n) => n - 1));
    }

    public void Reset()
    {
        _running.Clear();
        _maxRunning.Clear();
        _tasksPerSilo.Clear();
    }

    private sealed class Exit(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
