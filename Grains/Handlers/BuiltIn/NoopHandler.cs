using System.Text.Json;

namespace Chord.Grains.Handlers.BuiltIn;

/// <summary><c>noop</c>: returns its arguments, or its index when it has none (so <c>sum</c> over a count map is N(N-1)/2).</summary>
internal sealed class NoopHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Args.ValueKind is JsonValueKind.Undefined ? context.Index : context.Args);
}
