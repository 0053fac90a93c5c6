using Chord.Api.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Chord.Api.Security;

/// <summary>
/// The API key as ASP.NET Core authentication: the <see cref="ApiKeyDefaults.Scheme"/> scheme over
/// <see cref="ApiOptions.AcceptedKeys"/>, and, when any key is configured, a fallback policy that requires it on every
/// endpoint not marked anonymous (health, the API reference, the page's configuration; <c>/metrics</c> unless
/// <see cref="ApiOptions.MetricsRequireKey"/>).
/// </summary>
public static class ApiKeySecurity
{
    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, _ => { });
        services.AddOptions<ApiKeyAuthenticationOptions>(ApiKeyDefaults.Scheme)
            .Configure<IOptions<ApiOptions>>((scheme, api) => scheme.Keys = api.Value.AcceptedKeys);
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiOptions>>((authorization, api) =>
        {
            if (api.Value.AcceptedKeys.Count > 0)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyDefaults.Scheme).RequireAuthenticatedUser().Build();
            }
        });
        return services;
    }
}
