using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Chord.Api.Options;

/// <summary><see cref="ApiOptions"/> bound from <c>Chord:Api</c> and validated at start-up; Kestrel's body limit follows them.</summary>
public static class ApiOptionsHosting
{
    public static IServiceCollection AddApiOptions(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);
        return services;
    }
}
