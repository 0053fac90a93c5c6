using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary><c>failures-seen</c> (body): the failures it is given, as "index:errorType:attempts" joined by commas, and how many results it read.</summary>
public sealed class FailuresSeenHandler : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        await foreach (var failure in context.Failures.WithCancellation(cancellationToken))
        {
            seen.Add($"{failure.Index}:{failure.Error.Type}:{failure.Error.Attempts}");
        }

        var results = 0;
        await foreach (var _ in context.Results.WithCancellation(cancellationToken))
        {
            results++;
        }

        return $"{string.Join(",", seen)}|{results}|{context.Failed}";
    }
}
