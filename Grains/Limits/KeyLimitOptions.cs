namespace Chord.Grains.Limits;

/// <summary>One key's settings (<c>Chord:Limits:Keys:{key}</c>): its cluster-wide limits and its weight in each silo's heavy lane.</summary>
public sealed class KeyLimitOptions : LimitOptions
{
    public const int MaxWeight = 1_000;

    /// <summary>Heavy permits the key takes per turn in each silo's lane, against 1 for a key without a weight. Default 1.</summary>
    public int Weight { get; set; } = 1;

    public override IEnumerable<(string Setting, string Rule)> Problems()
    {
        if (Weight is < 1 or > MaxWeight)
        {
            yield return (nameof(Weight), $"must be between 1 and {MaxWeight}.");
        }

        foreach (var problem in base.Problems())
        {
            yield return problem;
        }
    }
}
