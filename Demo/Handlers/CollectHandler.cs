using System.Text.Json.Nodes;

namespace Chord.Demo.Handlers;

/// <summary>
/// <c>collect</c> (body): <c>{"results": [...]}</c>, every succeeded task's result in index order, as Celery's
/// group result; a <c>then</c> chord can map over it (<c>"itemsFrom": "results"</c>). Bounded by the body's result
/// limit (<c>MaxResultBytes</c>), so for a few thousand small results, not a million.
/// </summary>
public sealed class CollectHandler : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        await foreach (var result in context.Results.WithCancellation(cancellationToken))
        {
            results.Add(JsonNode.Parse(result.Value.GetRawText()));
        }

        return new JsonObject { ["results"] = results };
    }
}
