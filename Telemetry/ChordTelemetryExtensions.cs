using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chord.Telemetry;

/// <summary>
/// OpenTelemetry for Chord's processes (silos and the API), one way for both: metrics of the <c>Chord</c> meter,
/// Orleans, ASP.NET Core and the .NET runtime, scraped by Prometheus at <c>/metrics</c>; traces of the <c>Chord</c>
/// activity source, Orleans' grain calls and ASP.NET Core requests; logs that carry the trace. Traces and logs are
/// exported over OTLP, and metrics too, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard
/// <c>OTEL_*</c> variables); without it no span is recorded, so a chord of a million tasks costs no tracing.
/// </summary>
public static class ChordTelemetryExtensions
{
    /// <summary>The meters exported: the engine's, Orleans' (ASP.NET Core's and the runtime's come with their instrumentation).</summary>
    public static readonly string[] Meters = ["Chord", "Microsoft.Orleans"];

    /// <summary>The activity sources traced: the engine's and Orleans' grain calls (ASP.NET Core's come with its instrumentation).</summary>
    public static readonly string[] Sources = ["Chord", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Adds OpenTelemetry to the host as <paramref name="serviceName"/> (<c>service.name</c>, unless <c>OTEL_SERVICE_NAME</c> says otherwise).</summary>
    public static IHostApplicationBuilder AddChordTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        // Every log scope carries the trace and span ids, so a log line leads to its trace (and the trace to the chord).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(Sources).AddAspNetCoreInstrumentation());
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Serves the Prometheus scrape at <c>/metrics</c>.</summary>
    public static IEndpointConventionBuilder MapChordMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
}
