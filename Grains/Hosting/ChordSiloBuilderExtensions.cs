using Chord.Grains.Chords;
using Chord.Grains.Cluster;
using Chord.Grains.Handlers;
using Chord.Grains.Handlers.BuiltIn;
using Chord.Grains.Index;
using Chord.Grains.Lanes;
using Chord.Grains.Limits;
using Chord.Grains.Placement;
using Chord.Grains.Storage;
using Chord.Grains.Tasks;
using Chord.Grains.Telemetry;
using Chord.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metadata;

namespace Chord.Grains.Hosting;

/// <summary>Adds the chord engine to a silo: options, handlers, the heavy lane and its worker limit.</summary>
public static class ChordSiloBuilderExtensions
{
    /// <summary>
    /// Adds the engine with its built-in handlers (<c>noop</c>, <c>sum</c>, <c>count</c>) and the ones
    /// <paramref name="configureHandlers"/> names, one line each. Grain storage named
    /// <see cref="Storage.StorageNames.Chords"/> and <see cref="Storage.StorageNames.Results"/> must be configured by
    /// the host (<c>AddChordMemoryStorage</c> or <c>AddChordAzureStorage</c>). Settings bind from <c>Chord:Engine</c>.
    /// Orleans' per-placement information lines (category <c>Polly</c>) are lowered to warnings unless the host's
    /// logging settings name that category.
    /// </summary>
    public static ISiloBuilder AddChordEngine(this ISiloBuilder silo, Action<ChordHandlersBuilder>? configureHandlers = null)
    {
        var services = silo.Services;
        services.AddOptions<ChordEngineOptions>().BindConfiguration(ChordEngineOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChordEngineOptions>, ChordEngineOptionsValidator>();
        services.AddOptions<ChordWebhookOptions>().BindConfiguration(ChordWebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChordWebhookOptions>, ChordWebhookOptionsValidator>();
        services.AddSingleton(provider => new WebhookHosts(provider.GetRequiredService<IOptions<ChordWebhookOptions>>().Value.EffectiveAllowedHosts));
        services.AddSingleton<WebhookSender>();
        services.AddOptions<ChordLimitsOptions>().BindConfiguration(ChordLimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChordLimitsOptions>, ChordLimitsOptionsValidator>();
        services.AddSingleton<CurrentLimits>();
        services.AddSingleton<LimitPermits>();
        services.AddSingleton<LimitLoads>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<LimitPermits>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LimitOverridesFollower>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(EngineClock.Key, (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<HandlerCatalog>();
        services.AddSingleton<BodyCombiners>();
        services.AddSingleton<IResultSource, UnitResultReader>();
        services.AddSingleton<RecordPacker>();
        services.AddSingleton<HandlerInvoker>();
        services.AddSingleton<HeavyLane>();
        services.AddSingleton<LightLane>();
        services.AddSingleton(provider => new HousekeepingLane(provider.GetRequiredService<IOptions<ChordEngineOptions>>())); // real time, never the engine's clock
        services.AddSingleton<LocalCalls>();
        services.AddSingleton<LaneRunner>();
        services.AddMetrics();
        services.AddSingleton<ChordMetrics>();
        services.AddSingleton<SiloLoadReporter>();
        services.AddSingleton<ClusterLoad>();
        silo.AddPlacementDirector<LeastLoadedPlacement, LeastLoadedPlacementDirector>();
        silo.AddPlacementDirector<HealthySiloPlacement, HealthySiloPlacementDirector>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<SiloLoadReporter>());
        services.TryAddSingleton<ISiloRecycler, HostRecycler>();
        services.AddSingleton(provider => new WedgeWatch(
            provider.GetRequiredService<LaneRunner>(),
            provider.GetRequiredService<StorageHealth>(),
            provider.GetRequiredService<ISiloRecycler>(),
            provider.GetRequiredService<IOptions<ChordEngineOptions>>(),
            provider.GetRequiredKeyedService<TimeProvider>(EngineClock.Key),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WedgeWatch>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<WedgeWatch>());
        services.TryAddSingleton<IChordIndexStore, GrainStorageChordIndexStore>(); // Azure storage puts a table in its place
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DurableWorkStarter>();
        silo.AddActivityPropagation(); // a chord's trace follows its grain calls across silos
        services.AddSingleton<IConfigureOptions<LoggerFilterOptions>, QuietPerCallLogs>();
        services.TryAddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new MembershipClock());
        services.AddSingleton<SpecValidator>();
        services.AddSingleton<ListingGate>();
        services.AddSingleton(provider => new StorageHealth(TimeProvider.System));
        services.AddSingleton<IGrainPropertiesProvider, HeavyWorkerLimitProvider>();

        var handlers = new ChordHandlersBuilder(services)
            .AddTask<NoopHandler>("noop")
            .AddBody<SumHandler>("sum")
            .AddBody<CountHandler>("count")
            .AddBody<FailBodyHandler>("fail-body");
        configureHandlers?.Invoke(handlers);
        return silo;
    }
}
