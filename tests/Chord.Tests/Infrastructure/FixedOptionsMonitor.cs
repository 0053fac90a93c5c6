using Microsoft.Extensions.Options;

namespace Chord.Tests.Infrastructure;

/// <summary>Options that never reload, for pieces tested without a host.</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
