using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>hang-body</c> (body) <c>{"times": n}</c>: its first n attempts ignore their token and wait until the probe
/// releases them (60 s at most), as a body stuck in a call without a timeout does; later attempts return how many
/// tasks succeeded.
/// </summary>
public sealed class HangBodyHandler(TestProbe probe, ILocalSiloDetails silo) : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt <= context.ArgsAs(new Chord.Demo.Handlers.FailArgs(0)).Times)
        {
            var here = silo.SiloAddress.ToString();
            probe.HangStarted(here);
            try
            {
                await probe.HangReleased.Task.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                probe.HangEnded(here);
            }
        }

        return context.Succeeded;
    }
}
