using System.Text.Json;
using System.Text.Json.Nodes;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>unlucky-count</c> (body): counts like <c>count</c>, but its combiner throws on the result of task 13, as a
/// user's combiner with a bug would.
/// </summary>
public sealed class UnluckyCombinerHandler : IBodyHandler, IBodyCombiner
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Combined.ValueKind is JsonValueKind.Number ? context.Combined.GetInt64() : 0);

    public JsonNode? Add(JsonNode? partial, TaskResult result) =>
        result.Index == 13 ? throw new InvalidOperationException("13 is unlucky") : JsonValue.Create((partial?.GetValue<long>() ?? 0) + 1);

    public JsonNode? Merge(JsonNode? left, JsonNode? right) =>
        JsonValue.Create((left?.GetValue<long>() ?? 0) + (right?.GetValue<long>() ?? 0));
}
