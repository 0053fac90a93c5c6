namespace Chord.Grains.Cluster;

/// <summary>
/// Keeps each silo's latest load in memory and works out its task rate from its last two reports, and which silos
/// said they stop. Loads of a silo that stopped reporting for a minute are dropped (it died, or left). Its calls interleave: each is one
/// short step on a dictionary, and the grain never awaits inside one.
/// </summary>
internal sealed class ClusterViewGrain(TimeProvider time) : Grain, IClusterViewGrain
{
    private static readonly TimeSpan Forgotten = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (SiloLoad Latest, double Rate, DateTimeOffset Received)> _silos = [];
    private readonly Dictionary<string, DateTimeOffset> _leaving = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The view is what the silos said lately; it must not be collected while no one reads it.
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }

    public Task ReportAsync(SiloLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_leaving.ContainsKey(load.Silo))
        {
            return Task.CompletedTask; // a report sent before it said it stops
        }

        var rate = 0.0;
        if (_silos.TryGetValue(load.Silo, out var before))
        {
            var seconds = (load.At - before.Latest.At).TotalSeconds;
            rate = seconds > 0 ? Math.Max(0, load.TasksCompleted - before.Latest.TasksCompleted) / seconds : before.Rate;
        }

        _silos[load.Silo] = (load, rate, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task LeaveAsync(string silo)
    {
        _leaving[silo] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<SiloView[]> GetAsync()
    {
        var now = time.GetUtcNow();
        foreach (var gone in _silos.Where(s => now - s.Value.Received > Forgotten).Select(s => s.Key).ToList())
        {
            _silos.Remove(gone);
        }

        foreach (var gone in _leaving.Where(s => now - s.Value > Forgotten).Select(s => s.Key).ToList())
        {
            _leaving.Remove(gone);
        }

        return Task.FromResult<SiloView[]>([.. _silos.Values
            .OrderBy(s => s.Latest.Silo, StringComparer.Ordinal)
            .Select(s => new SiloView { Load = s.Latest, TasksPerSecond = Math.Round(s.Rate, 1), Leaving = _leaving.ContainsKey(s.Latest.Silo) })]);
    }
}
