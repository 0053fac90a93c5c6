using Orleans.Runtime;
using Orleans.Storage;

namespace Chord.Api.Resilience;

/// <summary>
/// Failures that go away on their own: a silo being evicted, the cluster unreachable, storage down. The API
/// retries them briefly (<see cref="TransientFailureFilter"/>), then answers 503 with Retry-After instead of 500.
/// </summary>
public static class TransientFailures
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>How long to wait before each try again: twice, 200 ms then 800 ms.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)];

    public static bool IsTransient(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or InconsistentStateException => true,
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true, // blob storage (posters) down or busy
        OrleansException when exception.Message.Contains("storage", StringComparison.OrdinalIgnoreCase) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
