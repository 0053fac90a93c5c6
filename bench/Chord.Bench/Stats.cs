namespace Chord.Bench;

/// <summary>Figures over sorted samples.</summary>
public static class Stats
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–1) of ascending <paramref name="sorted"/>.</summary>
    public static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
