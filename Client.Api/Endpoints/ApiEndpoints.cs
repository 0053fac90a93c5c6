using Chord.Api.Contracts;
using Chord.Api.Options;
using Chord.Api.Resilience;
using Chord.Api.Versioning;
using Chord.Telemetry;
using Microsoft.Extensions.Options;

namespace Chord.Api.Endpoints;

/// <summary>The API's routes: <c>/v1</c>, the page's configuration, and <c>/metrics</c>.</summary>
public static class ApiEndpoints
{
    /// <summary>Every <c>/v1</c> route, each run again on a transient cluster failure (<see cref="TransientFailureFilter"/>).</summary>
    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup(ApiVersionAliases.Prefix).AddEndpointFilter<TransientFailureFilter>();
        v1.MapChordEndpoints();
        v1.MapHandlerEndpoints();
        v1.MapClusterEndpoints();
        v1.MapFailureEndpoints();
        v1.MapOperationEndpoints();
        v1.MapWebhookEndpoints();
        v1.MapLimitEndpoints();
        v1.MapPosterEndpoints();
        return app;
    }

    /// <summary><c>/ui-config</c>: what the page needs before its first call (open: it tells the page to ask for a key).</summary>
    public static IEndpointRouteBuilder MapPageConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui-config", (IOptions<ApiOptions> options) => new UiConfig(options.Value.DashboardUrl, options.Value.AcceptedKeys.Count > 0))
            .ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary><c>/metrics</c> for Prometheus: open unless <see cref="ApiOptions.MetricsRequireKey"/>.</summary>
    public static IEndpointRouteBuilder MapApiMetrics(this IEndpointRouteBuilder app)
    {
        var metrics = app.MapChordMetrics();
        if (!app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MetricsRequireKey)
        {
            metrics.AllowAnonymous();
        }

        return app;
    }
}
