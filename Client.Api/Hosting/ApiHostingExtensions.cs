using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Chord.Api.Endpoints;
using Chord.Api.Events;
using Chord.Api.Health;
using Chord.Api.OpenApi;
using Chord.Api.Options;
using Chord.Api.Posters;
using Chord.Api.Problems;
using Chord.Api.Security;
using Chord.GrainClient;
using Chord.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Chord.Api.Hosting;

/// <summary>The API's wiring: the Orleans client, options, JSON conventions, ProblemDetails, security, the page.</summary>
public static class ApiHostingExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddChordApi(this WebApplicationBuilder builder)
    {
        // The silos' cluster, found as they are configured (the same options any Orleans client of Chord uses).
        var cluster = builder.Configuration.GetSection(ChordClusterOptions.SectionName).Get<ChordClusterOptions>() ?? new ChordClusterOptions();
        cluster.AzureStorage ??= builder.Configuration.GetConnectionString("AzureStorage");
        var azureStorage = cluster.Clustering == ChordClustering.Azure ? cluster.AzureStorage : null;

        builder.AddChordTelemetry("chord-api");
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation(); // an HTTP request's trace goes on into the grains it calls
            client.UseChordCluster(cluster);
        });

        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);
        services.AddOptions<PosterFolderOptions>().BindConfiguration(PosterFolderOptions.SectionName);
        if (azureStorage is not null)
        {
            // Give up on a silent storage request after 10 s (the SDK waits 100 s), as the silos do.
            var blobOptions = new BlobClientOptions();
            blobOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            blobOptions.Retry.MaxRetries = 2;
            services.AddSingleton<IPosterSource>(new BlobPosterSource(new BlobServiceClient(azureStorage, blobOptions).GetBlobContainerClient(BlobPosterSource.ContainerName)));
        }
        else
        {
            services.AddSingleton<IPosterSource, FolderPosterSource>();
        }

        services.AddSingleton<ChordEventStream>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        services.AddChordOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });

        // Bad request bodies throw (in every environment) so the exception handler answers them as ProblemDetails
        // with the parser's reason (e.g. "The JSON value could not be converted … Path: $.tasks").
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Describe);
        services.AddApiKeySecurity();
        services.AddApiRateLimits();
        return builder;
    }

    public static WebApplication MapChordApi(this WebApplication app)
    {
        app.UseApiVersionAliases(); // before routing: /chords is routed as /v1/chords
        app.UseRouting();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A malformed request is the client's mistake, answered with a 400: not an error in the API's log.
            SuppressDiagnosticsCallback = context => context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException or ChordBusyException,
            StatusCodeSelector = exception => exception switch
            {
                Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
                ChordBusyException => StatusCodes.Status503ServiceUnavailable,
                _ when TransientFailures.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // after the key check: a caller without the key is turned away before it spends a token

        // Open without a key: probes, the API's description and reference, and what the page needs to ask for a key.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Chord API").AddPreferredSecuritySchemes(ApiKeyDefaults.Scheme)).AllowAnonymous();
        app.MapGet("/ui-config", (IOptions<ApiOptions> options) => new UiConfig(options.Value.DashboardUrl, options.Value.AcceptedKeys.Count > 0))
            .ExcludeFromDescription().AllowAnonymous();
        var v1 = app.MapGroup(ApiVersionAliases.Prefix).AddEndpointFilter<TransientFailureFilter>();
        v1.MapChordEndpoints();
        v1.MapHandlerEndpoints();
        v1.MapClusterEndpoints();
        v1.MapPosterEndpoints();
        var metrics = app.MapChordMetrics();
        if (!app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.MetricsRequireKey)
        {
            metrics.AllowAnonymous();
        }

        return app;
    }

    private static void Describe(ProblemDetailsContext context)
    {
        DescribeCause(context);

        // Every problem carries a stable code and the type made of it, whoever wrote it (an endpoint, the exception
        // handler, the status-code pages, the API-key check).
        var problem = context.ProblemDetails;
        if (!problem.Extensions.TryGetValue(ProblemCodes.Member, out var given) || given is not string code)
        {
            code = context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest }
                ? ProblemCodes.MalformedRequest
                : context.Exception is ChordBusyException ? ProblemCodes.Busy : ProblemCodes.ForStatus(problem.Status);
            problem.Extensions[ProblemCodes.Member] = code;
        }

        problem.Type = ProblemCodes.TypeOf(code);
    }

    private static void DescribeCause(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            context.ProblemDetails.Title = "The request body is too large.";
            context.ProblemDetails.Detail = $"Request bodies are limited to {limit} bytes (Chord:Api:MaxRequestBodyBytes).";
            return;
        }

        if (context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad)
        {
            context.ProblemDetails.Status = bad.StatusCode;
            context.ProblemDetails.Title = "The request is malformed.";
            context.ProblemDetails.Detail = bad.InnerException?.Message ?? bad.Message;
        }
        else if (context.Exception is ChordBusyException busy)
        {
            // A silo at its limit of task listings: the caller waits a moment, as for any overload.
            context.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
            context.ProblemDetails.Title = "Too many task listings at once.";
            context.ProblemDetails.Detail = busy.Message;
            context.HttpContext.Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (context.Exception is { } exception && TransientFailures.IsTransient(exception))
        {
            context.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
            context.ProblemDetails.Title = "The cluster or its storage is unavailable for the moment.";
            context.ProblemDetails.Detail = "Try again shortly; nothing accepted before is lost.";
            context.HttpContext.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
