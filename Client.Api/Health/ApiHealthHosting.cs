using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Chord.Api.Health;

/// <summary><c>/health</c> (ready: a silo answers) and <c>/alive</c> (the process runs), open without a key.</summary>
public static class ApiHealthHosting
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapApiHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        return app;
    }
}
