namespace Chord.Grains.Storage;

/// <summary>
/// One writer's writes of one state, one at a time: callers that ask while a write is under way share the next
/// one, which stores the state as it is then (with all their changes). Each caller's task completes once a write
/// that began after its request succeeded (or fails with it). Used on a grain's own turns only.
/// </summary>
internal sealed class GroupCommit(Func<Task> write)
{
    private Task _writing = Task.CompletedTask;
    private Task? _next;

    /// <summary>A write that will hold the state as it is now or later.</summary>
    public Task CommitAsync() => _next ??= NextAsync(_writing);

    /// <summary>Completes when no write is under way or asked for (whatever their outcome).</summary>
    public async Task IdleAsync()
    {
        while ((_next ?? _writing) is { IsCompleted: false } pending)
        {
            await pending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
        }
    }

    private async Task NextAsync(Task previous)
    {
        // Return to the caller first, so it holds this task as the next write before the line below clears it.
        await Task.Yield();
        try
        {
            await previous;
        }
        catch
        {
            // Its callers saw that failure; this write is tried all the same.
        }

        _next = null;
        var writing = write();
        _writing = writing;
        await writing;
    }
}
