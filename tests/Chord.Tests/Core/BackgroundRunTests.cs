using Chord.Grains.Lanes;

namespace Chord.Tests.Core;

/// <summary>The run skeleton units and bodies share: one run at a time, and cancels that belong to their own drive.</summary>
public sealed class BackgroundRunTests
{
    [Fact]
    public async Task ALateCancelOfAnEarlierDriveNeitherCancelsALaterRunNorOutlivesItsOwn()
    {
        var run = new BackgroundRun();
        var firstDrive = new TaskCompletionSource();
        var secondDrive = new TaskCompletionSource();

        Assert.True(run.TryStart(0, () => firstDrive.Task));
        Assert.False(run.TryStart(0, () => Task.CompletedTask)); // one run at a time
        run.Cancel(0);
        var firstCancelled = run.Cancellation.IsCancellationRequested;
        firstDrive.SetResult();
        await run.Work!;

        Assert.True(run.TryStart(1, () => secondDrive.Task)); // the redrive starts uncancelled
        var secondStartedCancelled = run.Cancellation.IsCancellationRequested;
        run.Cancel(0); // the first drive's cancel, arriving late
        var secondCancelledByLate = run.Cancellation.IsCancellationRequested;
        run.Cancel(1);

        Assert.True(firstCancelled);
        Assert.False(secondStartedCancelled);
        Assert.False(secondCancelledByLate);
        Assert.True(run.Cancellation.IsCancellationRequested);
        secondDrive.SetResult();
    }
}
