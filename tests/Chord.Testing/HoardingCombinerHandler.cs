using System.Text.Json.Nodes;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>hoarding-list</c> (body): a combiner that keeps every index it sees in one JSON array, as a user's combiner
/// that collects all results would; its value grows with the chord.
/// </summary>
public sealed class HoardingCombinerHandler : IBodyHandler, IBodyCombiner
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Combined.GetArrayLength());

    public JsonNode? Add(JsonNode? partial, TaskResult result)
    {
        var list = partial?.AsArray() ?? [];
        list.Add(result.Index);
        return list;
    }

    public JsonNode? Merge(JsonNode? left, JsonNode? right)
    {
        var merged = new JsonArray();
        foreach (var item in (left?.AsArray() ?? []).Concat(right?.AsArray() ?? []))
        {
            merged.Add(item?.DeepClone());
        }

        return merged;
    }
}
