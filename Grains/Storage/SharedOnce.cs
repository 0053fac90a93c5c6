namespace Chord.Grains.Storage;

/// <summary>
/// Work done once per activation (reading a state, loading a grain), shared by every call that needs it meanwhile, so
/// interleaving calls neither repeat it nor see its result replaced under them. If it fails, the next caller starts
/// it again (storage that did not answer may answer next time).
/// </summary>
internal sealed class SharedOnce(Func<Task> work)
{
    private Task? _done;

    public bool IsDone => _done is { IsCompletedSuccessfully: true };

    /// <summary>Counts the work as done without doing it.</summary>
    public void Skip() => _done = Task.CompletedTask;

    /// <summary>Forgets that it was done: the next <see cref="EnsureAsync"/> does it again.</summary>
    public void Reset() => _done = null;

    public async Task EnsureAsync()
    {
        var doing = _done ??= work();
        try
        {
            await doing;
        }
        catch when (ReferenceEquals(_done, doing))
        {
            _done = null;
            throw;
        }
    }
}
