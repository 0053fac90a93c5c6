using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Grains.Handlers.BuiltIn;

/// <summary>
/// <c>sum</c> (body): the sum of the numeric results of the succeeded tasks. A pure combiner: units add up their own
/// results, and the chord records the sum itself (<see cref="IPureBodyCombiner"/>).
/// </summary>
internal sealed class SumHandler : IBodyHandler, IPureBodyCombiner
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        if (context.Combined.ValueKind is not JsonValueKind.Undefined)
        {
            return context.Combined.ValueKind is JsonValueKind.Number ? context.Combined.GetDecimal() : 0m;
        }

        // A chord accepted before sum was a combiner has no combined value: add up the stream.
        decimal sum = 0;
        await foreach (var result in context.Results.WithCancellation(cancellationToken))
        {
            sum += ValueOf(result.Value);
        }

        return sum;
    }

    public object? Result(JsonElement combined, int succeeded) => combined.ValueKind is JsonValueKind.Number ? combined.GetDecimal() : 0m;

    public JsonNode? Add(JsonNode? partial, TaskResult result) =>
        result.Value.ValueKind is JsonValueKind.Number ? JsonValue.Create(ValueOf(partial) + result.Value.GetDecimal()) : partial;

    public JsonNode? Merge(JsonNode? left, JsonNode? right) =>
        left is null ? right : right is null ? left : JsonValue.Create(ValueOf(left) + ValueOf(right));

    private static decimal ValueOf(JsonNode? node) => node is null ? 0 : node.GetValue<decimal>();

    private static decimal ValueOf(JsonElement value) => value.ValueKind is JsonValueKind.Number ? value.GetDecimal() : 0;
}
