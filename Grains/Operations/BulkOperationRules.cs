namespace Chord.Grains.Operations;

/// <summary>What makes a bulk operation's spec valid, and its ids as kept (each once, in the order given).</summary>
internal static class BulkOperationRules
{
    public static Dictionary<string, string[]> Validate(BulkOperationSpec spec, int maxIdLength)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(spec.Action))
        {
            errors["action"] = ["action must be redrive or cancel."];
        }

        switch (spec)
        {
            case { Ids: not null, Filter: not null }:
                errors["ids"] = ["Give either ids or a filter, not both."];
                break;
            case { Ids: null, Filter: null }:
                errors["ids"] = ["Give the chords' ids or a filter that selects them."];
                break;
            case { Ids: { } ids }:
                if (ids.Length is 0 or > BulkOperationSpec.MaxIds)
                {
                    errors["ids"] = [$"ids must name 1 to {BulkOperationSpec.MaxIds} chords."];
                }
                else if (ids.FirstOrDefault(id => !ChordIds.HasValidForm(id, maxIdLength)) is { } wrong)
                {
                    errors["ids"] = [$"'{(wrong.Length <= 40 ? wrong : wrong[..40] + "…")}' is not a chord id. {ChordIds.Rule(maxIdLength)}"];
                }

                break;
            case { Filter: { } filter }:
                if (!filter.HasCondition)
                {
                    errors["filter"] = ["The filter must state at least one condition (status, handler, labels, createdAfter or createdBefore); it would select every chord."];
                }
                else if (filter.Labels?.Keys.FirstOrDefault(key => !ChordLabels.IsValidKey(key)) is { } key)
                {
                    errors["filter.labels"] = [$"'{key}' is not a label key."];
                }

                break;
        }

        return errors;
    }

    /// <summary>The spec as kept: its ids each once.</summary>
    public static BulkOperationSpec Normalized(BulkOperationSpec spec) =>
        spec.Ids is { } ids ? spec with { Ids = [.. ids.Distinct(StringComparer.Ordinal)] } : spec;
}
