namespace Chord.Tests.Infrastructure;

/// <summary>The storage a test runs on: memory (nothing to start) or a real Azurite of its own.</summary>
public static class TestStorage
{
    /// <summary>A new Azurite for <c>"azurite"</c>, to dispose with the test; null for <c>"memory"</c>.</summary>
    public static async Task<Azurite?> StartAsync(string storage) => storage switch
    {
        "memory" => null,
        "azurite" => await Azurite.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "memory or azurite"),
    };
}
