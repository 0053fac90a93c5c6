namespace Chord.Grains.Handlers.BuiltIn;

/// <summary>
/// <c>fail-body</c> (body) <c>{"times": n}</c>: fails its first n attempts, then returns how many tasks succeeded.
/// For trying out the body's retries end to end.
/// </summary>
internal sealed class FailBodyHandler : IBodyHandler
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        var times = context.ArgsAs(new FailBodyArgs(0)).Times;
        if (context.Attempt <= times)
        {
            throw new InvalidOperationException($"The body of chord '{context.ChordId}' failed on purpose (attempt {context.Attempt} of the first {times}).");
        }

        return ValueTask.FromResult<object?>(context.Succeeded);
    }
}
