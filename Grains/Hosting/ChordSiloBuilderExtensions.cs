using Chord.Grains.Chords;
using Chord.Grains.Handlers;
using Chord.Grains.Handlers.BuiltIn;
using Chord.Grains.Handlers.Poster;
using Chord.Grains.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Metadata;

namespace Chord.Grains.Hosting;

/// <summary>Adds the chord engine to a silo: options, handlers, the heavy lane and its worker limit.</summary>
public static class ChordSiloBuilderExtensions
{
    /// <summary>
    /// Adds the engine with the built-in handlers. Grain storage named <see cref="StorageNames.Chords"/> and
    /// <see cref="StorageNames.Results"/> must be configured by the host. Add your own handlers with
    /// <paramref name="configureHandlers"/>, one line each.
    /// </summary>
    public static ISiloBuilder AddChordEngine(this ISiloBuilder silo, Action<ChordHandlersBuilder>? configureHandlers = null)
    {
        var services = silo.Services;
        services.AddOptions<ChordEngineOptions>().BindConfiguration(ChordEngineOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChordEngineOptions>, ChordEngineOptionsValidator>();
        services.AddOptions<PosterOptions>().BindConfiguration(PosterOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPosterStore, FilePosterStore>();
        services.AddSingleton<HandlerCatalog>();
        services.AddSingleton<HandlerInvoker>();
        services.AddSingleton<HeavyLane>();
        services.AddSingleton<LocalCancellations>();
        services.AddSingleton<LaneRunner>();
        services.AddSingleton<SpecValidator>();
        services.AddSingleton<IGrainPropertiesProvider, HeavyWorkerLimitProvider>();

        var handlers = new ChordHandlersBuilder(services)
            .AddTask<NoopHandler>("noop")
            .AddTask<SleepHandler>("sleep", TaskLane.Heavy)
            .AddTask<CpuHandler>("cpu", TaskLane.Heavy)
            .AddTask<FailHandler>("fail")
            .AddTask<RenderTileHandler>("render-tile", TaskLane.Heavy)
            .AddBody<SumHandler>("sum")
            .AddBody<CountHandler>("count")
            .AddBody<StitchPosterHandler>("stitch-poster", TaskLane.Heavy);
        configureHandlers?.Invoke(handlers);
        return silo;
    }
}
