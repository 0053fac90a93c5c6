using System.Net;
using Azure.Data.Tables;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chord.Api.Endpoints;
using Orleans.Configuration;

namespace Chord.Api.Hosting;

/// <summary>The API's wiring: the Orleans client, JSON conventions, ProblemDetails.</summary>
public static class ApiHostingExtensions
{
    public static WebApplicationBuilder AddChordApi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClusterClientOptions.SectionName).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.Clustering == "azure")
            {
                var connectionString = builder.Configuration.GetConnectionString("AzureStorage") ?? "UseDevelopmentStorage=true";
                client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
            }
            else
            {
                client.UseStaticClustering(options.GatewayPortsOrDefault.Select(port => new IPEndPoint(IPAddress.Loopback, port)).ToArray());
            }
        });

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        // Bad request bodies throw (in every environment) so the exception handler answers them as ProblemDetails
        // with the parser's reason (e.g. "The JSON value could not be converted … Path: $.tasks").
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOptions<PosterFolderOptions>().BindConfiguration(PosterFolderOptions.SectionName);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Status = bad.StatusCode;
                context.ProblemDetails.Title = "The request is malformed.";
                context.ProblemDetails.Detail = bad.InnerException?.Message ?? bad.Message;
            }
            else if (context.Exception is { } exception && TransientFailures.IsTransient(exception))
            {
                context.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
                context.ProblemDetails.Title = "The cluster or its storage is unavailable for the moment.";
                context.ProblemDetails.Detail = "Try again shortly; nothing accepted before is lost.";
                context.HttpContext.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }

    public static WebApplication MapChordApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when TransientFailures.IsTransient(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.MapChordEndpoints();
        app.MapPosterEndpoints();
        return app;
    }
}
