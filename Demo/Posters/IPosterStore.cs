namespace Chord.Demo.Posters;

/// <summary>Where the poster demo keeps its tiles and posters, readable by every process of the cluster.</summary>
public interface IPosterStore
{
    Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when nothing is stored under <paramref name="key"/>.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);
}
