using Chord.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IChordClient"/>.</summary>
public static class ChordClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IChordClient"/> over <see cref="IHttpClientFactory"/> with the standard resilience pipeline
    /// (retries with backoff honouring <c>Retry-After</c>, timeouts, a circuit breaker). Every call it retries is
    /// idempotent: a submit carries the id the client made, a cancel or an options change repeated changes nothing
    /// more; a redrive is never retried. Returns the HTTP client's builder to add handlers or change the pipeline.
    /// </summary>
    public static IHttpClientBuilder AddChordClient(this IServiceCollection services, Action<ChordClientOptions> configure)
    {
        services.AddOptions<ChordClientOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChordClientOptions>, ChordClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChordClientOptions>, ChordClientOptionsAddressValidator>());
        var http = services.AddHttpClient<IChordClient, ChordClient>((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<ChordClientOptions>>().Value;
            client.BaseAddress = WithSlash(options.BaseAddress!);
            if (options.ApiKey is { Length: > 0 } key)
            {
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
            }
        });
        http.AddStandardResilienceHandler(pipeline =>
        {
            var transient = pipeline.Retry.ShouldHandle;
            pipeline.Retry.ShouldHandle = args => args.Context.GetRequestMessage() is { } request && ChordClient.IsNotRetried(request)
                ? PredicateResult.False()
                : transient(args);
        });
        return http;
    }

    private static Uri WithSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
