using System.Globalization;
using System.Text.RegularExpressions;

namespace Chord.Tests.Infrastructure;

/// <summary>Reads values out of a Prometheus text-format scrape.</summary>
public static partial class PrometheusText
{
    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (<c>name="value"</c>).</summary>
    public static double Sum(string scrape, string metric, params string[] labels)
    {
        var sum = 0.0;
        foreach (Match sample in Sample().Matches(scrape))
        {
            if (sample.Groups["name"].Value == metric && labels.All(label => sample.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            {
                sum += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>True when the scrape has a sample of <paramref name="metric"/>.</summary>
    public static bool Has(string scrape, string metric) => Sample().Matches(scrape).Any(sample => sample.Groups["name"].Value == metric);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
