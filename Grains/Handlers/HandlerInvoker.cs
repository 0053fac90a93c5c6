using Microsoft.Extensions.DependencyInjection;

namespace Chord.Grains.Handlers;

/// <summary>
/// Runs one attempt of a handler and turns what happened into a <see cref="HandlerOutcome"/>: a result, an error,
/// or cancelled. Shared by the light lane (inline in task grains) and the heavy worker.
/// </summary>
public sealed class HandlerInvoker(HandlerCatalog catalog, IServiceProvider services)
{
    public async Task<HandlerOutcome> InvokeAsync(HandlerCall call, CancellationToken cancellationToken)
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
            return new HandlerOutcome(HandlerJson.Serialize(result), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new HandlerOutcome(null, new TaskError("Cancelled", "The task was cancelled.", call.Attempt), Cancelled: true);
        }
        catch (Exception exception)
        {
            return new HandlerOutcome(null, new TaskError(exception.GetType().Name, exception.Message, call.Attempt));
        }
    }

    private static TaskResult[] ToResults(TaskRecord[] records)
    {
        var results = new TaskResult[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            results[i] = new TaskResult(records[i].Index, HandlerJson.Parse(records[i].Result));
        }

        return results;
    }
}
