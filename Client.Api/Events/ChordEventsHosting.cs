using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chord.Api.Events;

/// <summary>The event streams' shared watcher of chords.</summary>
public static class ChordEventsHosting
{
    public static IServiceCollection AddChordEvents(this IServiceCollection services)
    {
        services.AddSingleton<ChordEventStream>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
