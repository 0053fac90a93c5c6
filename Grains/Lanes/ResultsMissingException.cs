namespace Chord.Grains.Lanes;

/// <summary>A unit's records are gone (memory storage does not outlive its silo; a purge ran): the body cannot have its input.</summary>
internal sealed class ResultsMissingException(string chordId, int unit)
    : Exception($"The results of unit {unit} of chord '{chordId}' are missing (memory storage does not survive a silo failure).")
{
    public const string ErrorType = "ResultsMissing";
}
