using Chord.Grains.Handlers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs one attempt of a handler and turns what happened into an <see cref="AttemptResult"/>: a result, an error,
/// or cancelled. Shared by the light lane (inline in task grains) and the heavy worker. A result larger than
/// <see cref="ChordEngineOptions.MaxResultBytes"/> is an error that no retry can fix.
/// </summary>
internal sealed partial class HandlerInvoker(HandlerCatalog catalog, IResultSource results, IServiceProvider services, IOptions<ChordEngineOptions> options, ILogger<HandlerInvoker> logger)
{
    /// <param name="call">The attempt.</param>
    /// <param name="cancellationToken">Cancelled by the user's cancel or the attempt's timeouts.</param>
    /// <param name="heartbeats">Where a task handler's heartbeats go; none for a body.</param>
    public async Task<AttemptResult> InvokeAsync(HandlerCall call, CancellationToken cancellationToken, UnitHeartbeats? heartbeats = null)
    {
        try
        {
            var descriptor = catalog.Get(call.Handler);
            var handler = services.GetRequiredService(descriptor.HandlerType);
            var args = HandlerJson.Parse(call.Args);
            object? result = descriptor.Kind switch
            {
                HandlerKind.Task => await ((ITaskHandler)handler).RunAsync(
                    new TaskContext
                    {
                        ChordId = call.ChordId,
                        Index = call.Index,
                        Attempt = call.Attempt,
                        Args = args,
                        LastHeartbeat = HandlerJson.Parse(call.LastHeartbeat),
                        OnHeartbeat = heartbeats is null ? null : json => heartbeats.Beat(call.Index, call.Attempt, json),
                    },
                    cancellationToken),
                _ => await ((IBodyHandler)handler).RunAsync(
                    BodyContextOf(call, args, cancellationToken),
                    cancellationToken),
            };
            var json = HandlerJson.Serialize(result);
            var maxBytes = options.Value.MaxResultBytes;
            if (json.Length > maxBytes / 3 && Encoding.UTF8.GetByteCount(json) is var bytes && bytes > maxBytes)
            {
                return AttemptResult.TooLarge(bytes, maxBytes, call.Attempt);
            }

            return new AttemptResult(json, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }
        catch (ResultsMissingException missing)
        {
            return new AttemptResult(null, new TaskError(ResultsMissingException.ErrorType, missing.Message, call.Attempt), Permanent: true);
        }
        catch (Exception exception)
        {
            var neverRetried = catalog.Find(call.Handler)?.NeverRetries(exception) ?? false;
            LogAttemptFailed(logger, exception, call.ChordId, call.Index, call.Handler, call.Attempt);
            return new AttemptResult(null, TaskError.Of(exception, call.Attempt), Permanent: neverRetried);
        }
    }

    private BodyContext BodyContextOf(HandlerCall call, System.Text.Json.JsonElement args, CancellationToken cancellationToken)
    {
        var input = call.Input ?? throw new InvalidOperationException($"The body call of chord '{call.ChordId}' says nothing of its input.");
        return new BodyContext
        {
            ChordId = call.ChordId,
            Attempt = call.Attempt,
            Args = args,
            Succeeded = input.Succeeded,
            Failed = input.Failed,
            Results = results.ReadAsync(call.ChordId, input, cancellationToken),
            Failures = results.ReadFailuresAsync(call.ChordId, input, cancellationToken),
            Combined = input.Combined is { } combined ? HandlerJson.Parse(combined) : default,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} ({Handler}) attempt {Attempt} failed.")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string chordId, int index, string handler, int attempt);
}
