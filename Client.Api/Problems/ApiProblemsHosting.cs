using Chord.Api.Options;
using Chord.Api.Resilience;
using Microsoft.Extensions.Options;

namespace Chord.Api.Problems;

/// <summary>
/// Every error as a problem (RFC 9457) with a stable <c>errorCode</c> and its <c>type</c>: the endpoints' own, bad
/// request bodies, overload and transient cluster failures (503 with <c>Retry-After</c>), bare status codes.
/// </summary>
public static class ApiProblemsHosting
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        // Bad request bodies throw (in every environment) so the exception handler answers them as ProblemDetails
        // with the parser's reason (e.g. "The JSON value could not be converted … Path: $.tasks").
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Describe);
        return services;
    }

    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
    {
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
