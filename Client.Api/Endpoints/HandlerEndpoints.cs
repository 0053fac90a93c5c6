using Chord.Api.Contracts;

namespace Chord.Api.Endpoints;

/// <summary><c>/handlers</c>: what a chord can name as its tasks and body.</summary>
public static class HandlerEndpoints
{
    public static IEndpointRouteBuilder MapHandlerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/handlers", ListAsync).WithTags("Handlers").WithName("ListHandlers")
            .WithSummary("The registered handlers: name, kind (task or body) and lane (light, or heavy = throttled per silo).");
        return app;
    }

    public static async Task<HandlerResponse[]> ListAsync(IGrainFactory grains)
    {
        var handlers = await grains.GetGrain<IHandlerCatalogGrain>(0).GetHandlersAsync();
        return [.. handlers.Select(h => new HandlerResponse(h.Name, h.Kind, h.Lane))];
    }
}
