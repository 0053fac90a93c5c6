namespace Chord;

/// <summary>What a bulk operation does to each chord it selects.</summary>
[GenerateSerializer, Alias("chord.BulkAction")]
public enum BulkAction
{
    /// <summary>Runs a failed or cancelled chord again, as <see cref="IChordGrain.RedriveAsync"/>.</summary>
    Redrive,

    /// <summary>Cancels an unfinished chord, as <see cref="IChordGrain.CancelAsync"/>.</summary>
    Cancel,
}
