namespace Chord.Grains.Handlers.BuiltIn;

/// <summary><c>count</c> (body): how many tasks succeeded.</summary>
internal sealed class CountHandler : IBodyHandler
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Results.Count);
}
