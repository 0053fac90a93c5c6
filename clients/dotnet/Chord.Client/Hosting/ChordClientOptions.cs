using System.ComponentModel.DataAnnotations;

namespace Chord.Client;

/// <summary>Where the Chord API is and how to reach it; validated when the first client is made.</summary>
public sealed class ChordClientOptions
{
    /// <summary>The API's address, e.g. <c>http://127.0.0.1:5080</c> (routes are under <c>/v1</c> of it). Required.</summary>
    [Required(ErrorMessage = "ChordClientOptions.BaseAddress is required, e.g. http://127.0.0.1:5080.")]
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c> when the API requires a key. Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How many times in a row <see cref="IChordClient.WatchAsync"/> reconnects a dropped event stream (each after the
    /// server's <c>retry</c> interval) before it gives up and throws. A stream that delivers an event starts the count again. Default 10.
    /// </summary>
    [Range(0, 1000)]
    public int WatchReconnects { get; set; } = 10;

    /// <summary>Size of the pages <see cref="IChordClient.ListAsync"/> and <see cref="IChordClient.ListTasksAsync"/> fetch. Default 100 (the API's limit for chords).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    /// <summary>How often <see cref="IChordClient.WatchOperationAsync"/> asks how far an operation got. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
