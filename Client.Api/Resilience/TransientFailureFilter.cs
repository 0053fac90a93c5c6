namespace Chord.Api.Resilience;

/// <summary>
/// Runs an endpoint again, twice at most (200 ms, 800 ms), when it fails with a <see cref="TransientFailures"/> before
/// its answer started, so no endpoint wraps its cluster calls one by one. An endpoint whose call must not repeat
/// (a redrive that landed would be refused as running) is marked <see cref="NotRetried"/>.
/// </summary>
public sealed class TransientFailureFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<NotRetried>() is not null)
        {
            return await next(context);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (Exception exception) when (attempt < TransientFailures.Backoff.Length && TransientFailures.IsTransient(exception) && !http.Response.HasStarted)
            {
                await Task.Delay(TransientFailures.Backoff[attempt], http.RequestAborted);
            }
        }
    }
}
