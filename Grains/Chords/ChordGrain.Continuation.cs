namespace Chord.Grains.Chords;

/// <summary>
/// Chains: once the chord finished, it submits its <c>then</c> (succeeded) or its <c>onFailure</c> (failed) under a
/// derived id and records which chord that was (or why it could not be) in one more write. Until it has, its index
/// row says so and its shard wakes it every reminder period, so a crash between the final write and the submit, or
/// between the submit and that record, only makes it submit again, and the derived id turns that into the same chord.
/// </summary>
internal sealed partial class ChordGrain
{
    private bool _continuing;
    private IGrainTimer? _continueRetry;

    public async Task<SubmitResult> SubmitNextAsync(ChordSpec spec, string previous)
    {
        if (State.Exists && State.Previous == previous)
        {
            return new SubmitResult(false, CurrentProgress()!);
        }

        return await SubmitAsync(spec, previous);
    }

    private void ContinueIfDue()
    {
        if ((Read.Recorded ?? State) is not { ContinuationPending: true } || _continuing)
        {
            return;
        }

        _continuing = true;
        _ = ContinueAsync();
    }

    private async Task ContinueAsync()
    {
        try
        {
            var submitted = await SpecAsync();
            if (!State.ContinuationPending || Read.Snapshot is not { } snapshot)
            {
                return;
            }

            var (next, spec, error) = ChordContinuation.Next(Id, State, submitted, snapshot);
            if (next is not null && spec is not null)
            {
                try
                {
                    await GrainFactory.GetGrain<IChainedChordGrain>(next).SubmitNextAsync(spec, Id);
                }
                catch (ChordValidationException invalid)
                {
                    error = invalid.Message;
                }
                catch (ChordConflictException)
                {
                    error = $"The id '{next}' holds another chord.";
                }
            }

            await ApplyAsync(ChordDecider.Continued(State, error is null ? next : null, error));
            LogContinued(logger, Id, next, error);
        }
        catch (Exception exception)
        {
            // Tried again after a probe interval while this activation lives; else its shard wakes it to.
            LogSendFailed(logger, exception, Id, "submit its continuation");
            _continueRetry ??= this.RegisterGrainTimer(
                _ =>
                {
                    _continueRetry?.Dispose();
                    _continueRetry = null;
                    ContinueIfDue();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions { DueTime = options.Value.ProbeInterval, Period = Timeout.InfiniteTimeSpan, Interleave = true });
        }
        finally
        {
            _continuing = false;
        }
    }
}
