namespace Chord.Api.Posters;

/// <summary>Where the API reads the poster demo's images from: the store the silos write to.</summary>
public interface IPosterSource
{
    /// <summary>The image stored under <paramref name="key"/>, or null when there is none.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken);
}
