using Chord.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary>The <c>label=key:value</c> query parameters of a search, read into the pairs every chord must carry.</summary>
public static class LabelFilters
{
    /// <summary>The pairs (null when none were given), or the problem naming <c>label</c> when one is malformed or a key repeats.</summary>
    public static (Dictionary<string, string>? Labels, ValidationProblem? Problem) Read(string[]? label, string field = "label")
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in label ?? [])
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !ChordLabels.IsValidKey(pair[..colon]) || !labels.TryAdd(pair[..colon], pair[(colon + 1)..]))
            {
                var shown = pair.Length <= 40 ? pair : pair[..40] + "…";
                return (null, ApiProblems.Invalid(new Dictionary<string, string[]> { [field] = [$"label is key:value (a key of letters, digits and . _ / -, each key once), not '{shown}'."] }));
            }
        }

        return (labels.Count > 0 ? labels : null, null);
    }
}
