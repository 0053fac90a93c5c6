using System.Security.Cryptography;
using System.Text;
using Chord.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Chord.Api.Security;

/// <summary>
/// Requires the configured API key in <c>X-Api-Key</c>. Health probes, the API reference and the page's static
/// files (which run before this) need none: they hold no chord data. The key is compared in constant time and
/// never logged.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    private static readonly string[] OpenPrefixes = ["/health", "/alive", "/metrics", "/openapi", "/scalar", "/ui-config"];

    // Hashes are compared, so the comparison takes the same time whatever the length of what was sent.
    private readonly byte[]? _keyHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null || IsOpen(context.Request.Path) || HasKey(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required.",
                Detail = $"Send the API key in the {HeaderName} header.",
            },
        });
    }

    private static bool IsOpen(PathString path) => OpenPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private bool HasKey(HttpRequest request)
    {
        var given = request.Headers[HeaderName].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _keyHash);
    }
}
