using Chord.Api.Security;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Chord.Api.OpenApi;

/// <summary>
/// The OpenAPI document as clients need it: the API-key security scheme (so the reference page can authorize),
/// required fields, <c>oneOf</c> for a chord's <c>tasks</c> or <c>map</c>, and an example chord. Descriptions come from
/// the contracts' XML comments (the project generates its documentation file).
/// </summary>
public static class ChordOpenApi
{
    public static IServiceCollection AddChordOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Chord API";
                document.Info.Description = "Fan-out/fan-in batches with exact live progress: submit a chord (parallel tasks and a body that runs after all of them), follow it, and operate it. Every problem carries a stable `errorCode` and the `type` `urn:chord:problem:<code>`.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyDefaults.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyDefaults.HeaderName,
                    Description = "One of the keys in Chord:Api:ApiKey / Chord:Api:ApiKeys, when the API is configured with any; otherwise no key is needed.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<ContractSchemaTransformer>();
        });

    /// <summary>The document at <c>/openapi/v1.json</c> and the reference page at <c>/scalar/v1</c> (which asks for the key), open without one.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Chord API").AddPreferredSecuritySchemes(ApiKeyDefaults.Scheme)).AllowAnonymous();
        return app;
    }
}
