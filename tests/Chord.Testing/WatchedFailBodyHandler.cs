using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>watched-fail-body</c> (body) <c>{"times": n}</c>: at the start of each attempt records what the chord's snapshot
/// says of its body (the attempt was recorded and reported before the handler runs), then fails its first n attempts
/// and returns how many tasks succeeded.
/// </summary>
public sealed class WatchedFailBodyHandler(TestProbe probe, IGrainFactory grains) : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        var progress = await grains.GetGrain<IChordGrain>(context.ChordId).GetProgressAsync();
        probe.BodySeen(context.ChordId, progress!.Body);
        if (context.Attempt <= context.ArgsAs(new Chord.Demo.Handlers.FailArgs(0)).Times)
        {
            throw new InvalidOperationException($"attempt {context.Attempt} fails on purpose");
        }

        return context.Succeeded;
    }
}
