using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Grains.Handlers.BuiltIn;

/// <summary><c>count</c> (body): how many tasks succeeded. A pure combiner, like <c>sum</c>.</summary>
internal sealed class CountHandler : IBodyHandler, IPureBodyCombiner
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Combined.ValueKind is JsonValueKind.Number ? context.Combined.GetInt64() : context.Succeeded);

    public object? Result(JsonElement combined, int succeeded) => combined.ValueKind is JsonValueKind.Number ? combined.GetInt64() : succeeded;

    public JsonNode? Add(JsonNode? partial, TaskResult result) => JsonValue.Create(CountOf(partial) + 1);

    public JsonNode? Merge(JsonNode? left, JsonNode? right) =>
        left is null ? right : right is null ? left : JsonValue.Create(CountOf(left) + CountOf(right));

    private static long CountOf(JsonNode? node) => node is null ? 0 : node.GetValue<long>();
}
