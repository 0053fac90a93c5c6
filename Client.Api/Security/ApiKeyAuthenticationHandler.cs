using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Chord.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chord.Api.Security;

/// <summary>
/// Authenticates a caller by the key in <c>X-Api-Key</c>: one of the configured keys (compared by hash in constant
/// time, never logged) makes it the caller <c>key:&lt;first 16 hex digits of the key's hash&gt;</c>. A challenge
/// answers 401 as a problem (<c>unauthorized</c>) that says where the key goes.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The caller's name for a key: stable, and it does not reveal the key.</summary>
    public static string CallerOf(string key) => "key:" + Convert.ToHexString(Hash(key))[..16];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Headers[ApiKeyDefaults.HeaderName].ToString();
        if (given.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Every configured key is compared (no early exit), so the time taken does not tell which one nearly matched.
        var hash = Hash(given);
        var accepted = false;
        foreach (var key in Options.Keys)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(hash, Hash(key));
        }

        if (!accepted)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one this API accepts."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, CallerOf(given))], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var sent = Request.Headers.ContainsKey(ApiKeyDefaults.HeaderName);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.HeaderName}\"";
        await ApiProblems.WriteAsync(Context, new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = sent ? "The API key is not accepted." : "An API key is required.",
            Detail = $"Send one of the API's keys in the {ApiKeyDefaults.HeaderName} header.",
        }, ProblemCodes.Unauthorized);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
