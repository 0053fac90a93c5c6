using Chord.Grains.Hosting;
using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chord.Tests.Hosting;

/// <summary>
/// The engine's logging defaults in any host (not only the Silo project's appsettings): Orleans' per-placement
/// Polly lines are off unless the host asks for them; Orleans' membership area runs on a clock counted from start.
/// </summary>
public sealed class QuietLogsTests
{
    [Fact]
    public void AnyHostWithTheEngineLogsNoPollyInformationLines()
    {
        using var host = BuildHost();
        var logs = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(logs.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.True(logs.CreateLogger("Chord.Grains.Chords.ChordGrain").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void AHostsOwnSettingForTheCategoryWins()
    {
        using var host = BuildHost(("Logging:LogLevel:Polly", "Information"));

        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void MembershipTimestampsCountFromTheSilosStartNotTheMachinesBoot()
    {
        using var host = BuildHost();
        var clock = host.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);

        // Orleans' watchdog measures a not-yet-stamped check from timestamp 0: that age must be the silo's, not the machine's uptime.
        Assert.InRange(clock.GetElapsedTime(0), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.InRange(clock.GetUtcNow(), DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        var before = clock.GetTimestamp();
        Thread.Sleep(20);
        Assert.InRange(clock.GetElapsedTime(before), TimeSpan.FromMilliseconds(15), TimeSpan.FromSeconds(5));
    }

    private static IHost BuildHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(); // its defaults read "Logging" from configuration, as a team's host does
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: "quiet-logs", clusterId: $"quiet-{Guid.NewGuid():N}")
            .AddChordMemoryStorage()
            .AddChordEngine());
        return builder.Build(); // never started: the services are enough
    }
}
