using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>declared-retry</c> (light): declares 4 attempts with a 1 ms backoff as its own retry defaults, fails its
/// first 3 attempts and then returns its index.
/// </summary>
[RetryDefaults(MaxAttempts = 4, BackoffMs = 1)]
public sealed class DeclaredRetryHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
        context.Attempt <= 3
            ? throw new InvalidOperationException($"Attempt {context.Attempt} fails on purpose.")
            : ValueTask.FromResult<object?>(context.Index);
}
