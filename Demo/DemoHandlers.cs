using Chord.Demo.Handlers;
using Chord.Demo.Posters;
using Chord.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chord.Demo;

/// <summary>
/// The demo handler pack: slow, CPU-bound and failing tasks to try the engine with, and the poster demo the project
/// started from (render Mandelbrot tiles, stitch them into one PNG). A team's own pack registers the same way.
/// </summary>
public static class DemoHandlers
{
    /// <summary>Registers the pack unless <c>Chord:Demo:Enabled</c> is false (see <see cref="DemoOptions"/>).</summary>
    public static ChordHandlersBuilder AddDemoHandlers(this ChordHandlersBuilder handlers, IConfiguration configuration, string? azureStorage = null)
    {
        var demo = configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();
        return demo.Enabled ? handlers.AddDemoHandlers(azureStorage) : handlers;
    }

    /// <summary>
    /// Registers the pack's handlers and the poster store: a local folder (<c>Chord:Posters:Directory</c>), or the
    /// blob container <see cref="BlobPosterStore.ContainerName"/> when <paramref name="azureStorage"/> is given.
    /// </summary>
    public static ChordHandlersBuilder AddDemoHandlers(this ChordHandlersBuilder handlers, string? azureStorage = null)
    {
        var services = handlers.Services;
        services.AddOptions<PosterOptions>().BindConfiguration(PosterOptions.SectionName);
        if (azureStorage is null)
        {
            services.TryAddSingleton<IPosterStore, FilePosterStore>();
        }
        else
        {
            // A handler's own storage calls: its task's timeout and retries bound them, so the longest tries are fine.
            services.TryAddSingleton<IPosterStore>(new BlobPosterStore(AzureStorageClients.Blob(azureStorage, AzureStorageClients.LongestTry * AzureStorageClients.Tries).GetBlobContainerClient(BlobPosterStore.ContainerName)));
        }

        return handlers
            .AddTask<SleepHandler>("sleep", TaskLane.Heavy)
            .AddTask<CpuHandler>("cpu", TaskLane.Heavy)
            .AddTask<FailHandler>("fail")
            .AddTask<RenderTileHandler>("render-tile", TaskLane.Heavy)
            .AddBody<StitchPosterHandler>("stitch-poster", TaskLane.Heavy)
            .AddBody<DigestHandler>("digest")
            .AddBody<CollectHandler>("collect")
            .AddBody<EchoHandler>("echo");
    }
}
