using Chord.Demo;
using Chord.Demo.Posters;
using Chord.Grains;
using Chord.Grains.Handlers;
using Chord.Grains.Hosting;
using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Testing;

/// <summary>
/// The one way the tests (in-process clusters and API hosts) and the benchmark wire a silo: the engine as the Silo
/// host adds it, the demo pack, the test handlers and the storage the settings name.
/// </summary>
public static class TestSilo
{
    public static ISiloBuilder AddChordForTests(this ISiloBuilder silo, TestSiloSettings settings)
    {
        if (settings.AzureStorage is { } azure)
        {
            silo.AddChordAzureStorage(azure);
        }
        else if (settings.SharedStore is { } store)
        {
            ProcessWideGrainStorage.AddTo(silo.Services, store, settings.Faults);
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.AddChordMemoryStorage();
        }

        if (settings.Limits is { } limits)
        {
            silo.Services.Configure(limits);
        }

        if (settings.Webhooks is { } webhooks)
        {
            silo.Services.Configure(webhooks);
        }

        if (settings.Clock is { } clock)
        {
            silo.Services.AddKeyedSingleton(EngineClock.Key, clock);
        }

        silo.AddChordEngine(handlers => handlers
            .AddDemoHandlers(settings.AzureStorage)
            .AddTask<ProbeHandler>("probe", TaskLane.Heavy)
            .AddTask<ProbeHandler>("probe-light")
            .AddTask<GateHandler>("gate")
            .AddTask<HangHandler>("hang", TaskLane.Heavy)
            .AddTask<HangHandler>("hang-light")
            .AddTask<PickyHandler>("picky")
            .AddTask<CheckpointHandler>("checkpoint", TaskLane.Heavy)
            .AddTask<DeclaredRetryHandler>("declared-retry")
            .AddTask<MeteredHandler>("metered")
            .AddTask<FailThenSleepHandler>("fail-then-sleep", TaskLane.Heavy)
            .AddBody<WatchedFailBodyHandler>("watched-fail-body")
            .AddBody<HangBodyHandler>("hang-body")
            .AddBody<FailuresSeenHandler>("failures-seen")
            .AddBody<UnluckyCombinerHandler>("unlucky-count")
            .AddBody<HoardingCombinerHandler>("hoarding-list")
            .AddBody<RecordingSumHandler>("record-sum"));
        silo.Services.AddSingleton(settings.Probe);
        if (settings.PosterDirectory is { } posters)
        {
            silo.Services.Configure<PosterOptions>(o => o.Directory = posters);
        }

        if (settings.Engine is { } engine)
        {
            silo.Services.Configure(engine);
        }

        return silo;
    }
}
