using Chord.Grains.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs one attempt of a handler and turns what happened into an <see cref="AttemptResult"/>: a result, an error,
/// or cancelled. Shared by the light lane (inline in task grains) and the heavy worker.
/// </summary>
internal sealed class HandlerInvoker(HandlerCatalog catalog, IServiceProvider services)
{
    public async Task<AttemptResult> InvokeAsync(HandlerCall call, CancellationToken cancellationToken)
    {
        try
        {
            var descriptor = catalog.Get(call.Handler);
            var handler = services.GetRequiredService(descriptor.HandlerType);
            var args = HandlerJson.Parse(call.Args);
            object? result = descriptor.Kind switch
            {
                HandlerKind.Task => await ((ITaskHandler)handler).RunAsync(
                    new TaskContext { ChordId = call.ChordId, Index = call.Index, Attempt = call.Attempt, Args = args },
                    cancellationToken),
                _ => await ((IBodyHandler)handler).RunAsync(
                    new BodyContext
                    {
                        ChordId = call.ChordId,
                        Attempt = call.Attempt,
                        Args = args,
                        Results = ToResults(call.Results ?? []),
                    },
                    cancellationToken),
            };
            return new AttemptResult(HandlerJson.Serialize(result), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }
        catch (Exception exception)
        {
            return new AttemptResult(null, new TaskError(exception.GetType().Name, exception.Message, call.Attempt));
        }
    }

    private static TaskResult[] ToResults(IndexedResult[] indexed)
    {
        var results = new TaskResult[indexed.Length];
        for (var i = 0; i < indexed.Length; i++)
        {
            results[i] = new TaskResult(indexed[i].Index, HandlerJson.Parse(indexed[i].Json));
        }

        return results;
    }
}
