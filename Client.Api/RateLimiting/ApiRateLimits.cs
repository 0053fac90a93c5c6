using System.Globalization;
using System.Threading.RateLimiting;
using Chord.Api.Options;
using Chord.Api.Problems;
using Chord.Api.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Chord.Api.RateLimiting;

/// <summary>
/// How fast one caller may use the API: submits through a token bucket (<see cref="ApiOptions.SubmitsPerSecond"/>,
/// bursts up to <see cref="ApiOptions.SubmitBurst"/>), event streams open at once up to
/// <see cref="ApiOptions.StreamsPerCaller"/>. A caller is its API key when it sends one, else its address. Over the
/// limit: <c>429</c> with <c>Retry-After</c> and the problem code <c>rate-limited</c>; nothing was submitted.
/// </summary>
public static class ApiRateLimits
{
    public const string Submit = "submit";
    public const string Streams = "streams";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) => services.AddRateLimiter(limits =>
    {
        limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limits.OnRejected = RejectAsync;
        limits.AddPolicy(Submit, http =>
        {
            var api = Options(http);
            return api.SubmitsPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter(Caller(http))
                : RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(api.SubmitBurst, 1),
                    TokensPerPeriod = api.SubmitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
        limits.AddPolicy(Streams, http =>
        {
            var api = Options(http);
            return api.StreamsPerCaller <= 0
                ? RateLimitPartition.GetNoLimiter(Caller(http))
                : RateLimitPartition.GetConcurrencyLimiter(Caller(http), _ => new ConcurrencyLimiterOptions { PermitLimit = api.StreamsPerCaller, QueueLimit = 0 });
        });
    });

    private static ApiOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

    /// <summary>The caller's partition: a hash of its API key (never the key itself), else its address.</summary>
    private static string Caller(HttpContext http) =>
        http.Request.Headers[ApiKeyDefaults.HeaderName].ToString() is { Length: > 0 } key
            ? ApiKeyAuthenticationHandler.CallerOf(key)
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var streams = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Streams;
        await ApiProblems.WriteAsync(http, new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = streams
                ? $"This caller has as many event streams open as it may (Chord:Api:StreamsPerCaller); close one, or try again in {seconds} s."
                : $"This caller submits faster than it may (Chord:Api:SubmitsPerSecond); nothing was submitted. Try again in {seconds} s.",
        }, ProblemCodes.RateLimited);
    }
}
