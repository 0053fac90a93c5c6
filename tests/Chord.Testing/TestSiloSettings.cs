using System.Collections.Concurrent;
using Chord.Grains;

namespace Chord.Testing;

/// <summary>How <see cref="TestSilo"/> wires one silo: its storage, engine settings and what it reports to.</summary>
public sealed record TestSiloSettings
{
    /// <summary>Where the test handlers (<c>probe</c>, <c>record-sum</c>) report what they saw.</summary>
    public TestProbe Probe { get; init; } = new();

    /// <summary>An Azure Storage (Azurite) connection string: grain state, reminders and posters there. Else memory.</summary>
    public string? AzureStorage { get; init; }

    /// <summary>With memory storage: grain state in this process-wide store, so it outlives any one silo.</summary>
    public ConcurrentDictionary<string, (object State, string ETag)>? SharedStore { get; init; }

    /// <summary>With <see cref="SharedStore"/>: faults the test injects into it.</summary>
    public StorageFaults? Faults { get; init; }

    /// <summary>The folder the poster demo writes to (without Azure Storage).</summary>
    public string? PosterDirectory { get; init; }

    /// <summary>The engine's clock (<see cref="EngineClock"/>), e.g. a fake one a test moves; Orleans keeps its own.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Engine settings on top of the configured ones.</summary>
    public Action<ChordEngineOptions>? Engine { get; init; }

    /// <summary>Key limits on top of the configured ones.</summary>
    public Action<Chord.Grains.Limits.ChordLimitsOptions>? Limits { get; init; }

    /// <summary>Webhook settings on top of the configured ones.</summary>
    public Action<Chord.Grains.Webhooks.ChordWebhookOptions>? Webhooks { get; init; }

    /// <summary>
    /// What tests change in the engine's defaults: a 1 s probe and 10 ms retry delays, so a lost unit or a retry
    /// costs a test a second at most. The benchmark keeps the defaults.
    /// </summary>
    public static void QuickRecovery(ChordEngineOptions options)
    {
        options.ProbeInterval = TimeSpan.FromSeconds(1);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
    }
}
