using System.Text.Json.Nodes;
using Chord.Api.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chord.Api.OpenApi;

/// <summary>
/// Request contracts are read leniently (every field may be missing, so that the API answers a missing one with a
/// validation problem naming it), but the document says what the API refuses without: a chord's body, a task's or
/// map's handler (<c>required</c>), and <c>tasks</c> or <c>map</c> (<c>oneOf</c>); the submit request has an example.
/// Responses write every property (null ones too), which the generator already marks required.
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, string[]> RequiredInRequests = new()
    {
        [typeof(SubmitChordRequest)] = ["body"],
        [typeof(Contracts.TaskRequest)] = ["handler"],
        [typeof(MapRequest)] = ["handler"],
        [typeof(OptionsRequest)] = [],
        [typeof(NotifyRequest)] = ["url"],
        [typeof(RetryRequest)] = [],
        [typeof(OptionsUpdateRequest)] = [],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (RequiredInRequests.TryGetValue(type, out var required))
        {
            schema.Required = new HashSet<string>(required);
        }

        if (type == typeof(SubmitChordRequest))
        {
            schema.OneOf = [new OpenApiSchema { Required = new HashSet<string> { "tasks" } }, new OpenApiSchema { Required = new HashSet<string> { "map" } }];
            schema.Examples = [JsonNode.Parse("""
                {"id":"poster-42","map":{"handler":"sleep","count":100,"args":{"ms":50}},"body":{"handler":"count"},"options":{"maxConcurrency":20}}
                """)!];
        }

        return Task.CompletedTask;
    }
}
