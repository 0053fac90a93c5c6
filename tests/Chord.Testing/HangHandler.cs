using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>hang</c> (heavy) and <c>hang-light</c> (light): the first attempt of a task on a silo the probe says hangs
/// (<see cref="TestProbe.HangOn"/>) ignores its token and waits until the probe releases it (60 s at most); other
/// attempts, and attempts elsewhere, sleep <c>ms</c> honouring their token. Returns the index.
/// </summary>
public sealed class HangHandler(TestProbe probe, ILocalSiloDetails silo) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var args = context.ArgsAs(new HangArgs());
        var here = silo.SiloAddress.ToString();
        if (context.Attempt == 1 && probe.HangsOn(here))
        {
            probe.HangStarted(here);
            try
            {
                if (args.Block)
                {
                    probe.HangReleased.Task.Wait(TimeSpan.FromSeconds(60), CancellationToken.None);
                }
                else
                {
                    await probe.HangReleased.Task.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
                }
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                probe.HangEnded(here);
            }

            return context.Index;
        }

        if (args.Ms > 0)
        {
            await Task.Delay(args.Ms, cancellationToken);
        }

        probe.Done(context.ChordId, context.Index);
        probe.RanOn(context.ChordId, context.Index, here);
        return context.Index;
    }
}
