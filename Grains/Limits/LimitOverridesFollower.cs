using Microsoft.Extensions.Logging;

namespace Chord.Grains.Limits;

/// <summary>
/// Keeps this silo's <see cref="CurrentLimits"/> at the overrides' latest version: asks <see cref="ILimitsGrain"/>
/// every half a second (an answer with nothing new is empty), so a limit changed at runtime takes effect on every silo
/// within a second. A failed look is logged and the silo keeps the overrides it had.
/// </summary>
internal sealed partial class LimitOverridesFollower : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often a silo looks.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly IGrainFactory _grains;
    private readonly CurrentLimits _limits;
    private readonly ILogger<LimitOverridesFollower> _logger;
    private readonly PeriodicLoop _loop;

    public LimitOverridesFollower(IGrainFactory grains, CurrentLimits limits, ILogger<LimitOverridesFollower> logger)
    {
        (_grains, _limits, _logger) = (grains, limits, logger);
        _loop = new PeriodicLoop(LookAsync, () => Every);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LimitOverridesFollower), ServiceLifecycleStage.Active, _loop.StartAsync, _loop.StopAsync);

    private async Task LookAsync(CancellationToken stopping)
    {
        try
        {
            if (await _grains.GetGrain<ILimitsGrain>(0).GetOverridesAsync(_limits.OverridesVersion) is { } overrides)
            {
                _limits.Apply(overrides);
            }
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            LogLookFailed(_logger, exception);
        }
        catch (Exception)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The limits' overrides could not be read; this silo keeps those it has and looks again shortly.")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);
}
