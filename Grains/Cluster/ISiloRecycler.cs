namespace Chord.Grains.Cluster;

/// <summary>
/// How a wedged silo gets itself replaced. The host's implementation stops the process (<see cref="HostRecycler"/>);
/// an in-process test cluster cannot stop its process, so its tests put their own here.
/// </summary>
internal interface ISiloRecycler
{
    /// <param name="reason">Why, in words (the silo is wedged, and how).</param>
    void Recycle(string reason);

    /// <summary>
    /// As <see cref="Recycle"/>, for a silo that cannot reach its storage: its graceful stop can record nothing, so
    /// the process need not wait the host's whole shutdown timeout for it.
    /// </summary>
    void Leave(string reason) => Recycle(reason);
}
