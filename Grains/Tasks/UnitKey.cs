namespace Chord.Grains.Tasks;

/// <summary>The key of a chord's task grain: <c>{chordId}/{unitIndex}</c>.</summary>
internal static class UnitKey
{
    public static string Of(string chordId, int unitIndex) => string.Concat(chordId, "/", unitIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
