using Chord.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary>The conditions of a search of the index (<c>GET /v1/chords</c>, a bulk operation's filter), read into a query.</summary>
public static class SearchFilters
{
    /// <summary>The query, or the problem naming the condition that is malformed (its field prefixed with <paramref name="prefix"/>).</summary>
    public static (ChordIndexQuery? Query, ValidationProblem? Problem) Read(
        string? status, string? handler, string[]? label, DateTimeOffset? createdAfter, DateTimeOffset? createdBefore,
        Dictionary<string, string>? labels = null, string prefix = "")
    {
        ChordStatus? wanted = null;
        if (status is not null)
        {
            if (!QueryEnums.TryParse<ChordStatus>(status, out var parsed))
            {
                return Invalid(prefix + "status", $"status must be one of: {QueryEnums.Names<ChordStatus>()}.");
            }

            wanted = parsed;
        }

        var (pairs, badLabel) = LabelFilters.Read(label, prefix + "label");
        if (badLabel is not null)
        {
            return (null, badLabel);
        }

        foreach (var (key, value) in labels ?? [])
        {
            if (!ChordLabels.IsValidKey(key) || (pairs ??= new(StringComparer.Ordinal)).TryGetValue(key, out var other) && other != value)
            {
                return Invalid(prefix + "labels", $"'{(key.Length <= 40 ? key : key[..40] + "…")}' is not a label key of letters, digits and . _ / -, or it is given twice with different values.");
            }

            pairs[key] = value;
        }

        return (new ChordIndexQuery
        {
            Status = wanted,
            Handler = handler is { Length: > 0 } ? handler : null,
            Labels = pairs is { Count: > 0 } ? pairs : null,
            CreatedAfter = createdAfter,
            CreatedBefore = createdBefore,
        }, null);
    }

    private static (ChordIndexQuery?, ValidationProblem?) Invalid(string field, string message) =>
        (null, ApiProblems.Invalid(new Dictionary<string, string[]> { [field] = [message] }));
}
