using Microsoft.Extensions.Options;

namespace Chord.Grains.Limits;

/// <summary>
/// The limits in effect on this silo: the configured ones (<c>Chord:Limits</c>, read again on reload) with the
/// runtime overrides (<see cref="ILimitsGrain"/>) in place of what they override. <see cref="Changed"/> fires on either
/// change, so leases follow a lowered limit at once rather than at their next renewal.
/// </summary>
internal sealed class CurrentLimits
{
    private readonly IOptionsMonitor<ChordLimitsOptions> _options;
    private volatile Overrides _overrides = new(LimitOverrides.None, new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    public CurrentLimits(IOptionsMonitor<ChordLimitsOptions> options)
    {
        _options = options;
        options.OnChange((_, _) => Changed?.Invoke());
    }

    /// <summary>Fires after the configuration reloaded or the overrides changed.</summary>
    public event Action? Changed;

    /// <summary>The configuration as read now.</summary>
    public ChordLimitsOptions Configured => _options.CurrentValue;

    /// <summary>The version of the overrides this silo follows.</summary>
    public long OverridesVersion => _overrides.Source.Version;

    /// <summary>The key's settings; null when it has none (weight 1, no limit).</summary>
    public KeyLimitOptions? Key(string key) =>
        _overrides.Keys.TryGetValue(key, out var overridden) ? overridden
        : Configured.Keys.TryGetValue(key, out var configured) ? configured : null;

    /// <summary>The handler's limits; null when it has none.</summary>
    public LimitOptions? Handler(string handler) =>
        _overrides.Handlers.TryGetValue(handler, out var overridden) ? overridden
        : Configured.Handlers.TryGetValue(handler, out var configured) ? configured : null;

    public LimitOptions? Of(LimitKind kind, string name) => kind == LimitKind.Key ? Key(name) : Handler(name);

    /// <summary>The key's permits per turn in the heavy lane.</summary>
    public int WeightOf(string key) => Key(key)?.Weight ?? 1;

    /// <summary>Every key and handler with settings now, overrides in place of what they override.</summary>
    public LimitEntry[] List()
    {
        var overrides = _overrides.Source.Entries;
        var overridden = overrides.Select(e => (e.Kind, e.Name)).ToHashSet();
        var configured = Configured.Keys.Select(p => Entry(LimitKind.Key, p.Key, p.Value))
            .Concat(Configured.Handlers.Select(p => Entry(LimitKind.Handler, p.Key, p.Value)))
            .Where(e => !overridden.Contains((e.Kind, e.Name)));
        return [.. configured.Concat(overrides).OrderBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Follows a new version of the overrides.</summary>
    public void Apply(LimitOverrides overrides)
    {
        if (overrides.Version == _overrides.Source.Version)
        {
            return;
        }

        _overrides = new Overrides(
            overrides,
            overrides.Entries.Where(e => e.Kind == LimitKind.Key).ToDictionary(e => e.Name, e => ToKeyOptions(e.Settings), StringComparer.Ordinal),
            overrides.Entries.Where(e => e.Kind == LimitKind.Handler).ToDictionary(e => e.Name, e => (LimitOptions)ToKeyOptions(e.Settings), StringComparer.Ordinal));
        Changed?.Invoke();
    }

    /// <summary>Settings as options (how both configuration and overrides are checked and read).</summary>
    public static KeyLimitOptions ToKeyOptions(LimitSettings settings) => new()
    {
        MaxRunning = settings.MaxRunning,
        RatePerSecond = settings.RatePerSecond,
        Burst = settings.Burst,
        Weight = settings.Weight ?? 1,
    };

    private static LimitEntry Entry(LimitKind kind, string name, LimitOptions options) => new(kind, name, new LimitSettings
    {
        MaxRunning = options.MaxRunning,
        RatePerSecond = options.RatePerSecond,
        Burst = options.Burst,
        Weight = (options as KeyLimitOptions)?.Weight,
    }, Overridden: false);

    private sealed record Overrides(LimitOverrides Source, Dictionary<string, KeyLimitOptions> Keys, Dictionary<string, LimitOptions> Handlers);
}
