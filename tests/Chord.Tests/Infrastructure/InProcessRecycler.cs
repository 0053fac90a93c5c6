using Chord.Grains.Cluster;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// The recycler of silos that share the test process: stopping the application and exiting with code 3 would end
/// every test, so a wedged in-process silo only stays wedged (logged, <c>/alive</c> 503). A test that recycles
/// registers its own after this one.
/// </summary>
internal sealed class InProcessRecycler : ISiloRecycler
{
    public void Recycle(string reason)
    {
    }
}
