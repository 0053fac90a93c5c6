using Chord.Grains.Webhooks;

namespace Chord.Grains.Chords;

/// <summary>
/// The chord's webhook: after each recorded change (and on activation and wake-up) it hands its webhook grain what is
/// due, a progress event when its completed tasks passed another step, the final event once it finished. The final
/// event counts as settled only when the webhook grain says every event is (delivered or given up); until then the
/// chord's index row says so and its shard wakes it every reminder period to ask again, so a delivery lost with a
/// silo, or a whole restart, is picked up again.
/// </summary>
internal sealed partial class ChordGrain
{
    private bool _notifyingFinal;
    private int _progressSending;

    private void NotifyWebhook()
    {
        if ((Read.Recorded ?? State) is not { Exists: true, Notify: { } notify } recorded || Read.Snapshot is not { } snapshot)
        {
            return;
        }

        if (recorded.IsFinal)
        {
            if (recorded.NotifyPending && !_notifyingFinal)
            {
                _notifyingFinal = true;
                _ = NotifyAsync(notify, snapshot, recorded.Redrives, recorded.FinalEvent, null);
            }

            return;
        }

        if (notify.Wants(NotifyEvent.Progress) && recorded.Total > 0)
        {
            var every = notify.ProgressEveryPercent ?? NotifySpec.DefaultProgressEveryPercent;
            var percent = (int)((long)recorded.Completed * 100 / recorded.Total) / every * every;
            if (percent > 0 && percent > recorded.ProgressNotified && percent > _progressSending)
            {
                _progressSending = percent;
                _ = NotifyAsync(notify, snapshot, recorded.Redrives, NotifyEvent.Progress, percent);
            }
        }
    }

    private async Task NotifyAsync(NotifySpec notify, ChordProgress snapshot, int drive, NotifyEvent notifyEvent, int? percent)
    {
        try
        {
            var notification = new WebhookEvent(WebhookPayload.EventId(Id, drive, notifyEvent, percent), notifyEvent, percent, notify.Url,
                WebhookPayload.Of(snapshot, notifyEvent, percent, time.GetUtcNow()));
            var settled = await GrainFactory.GetGrain<IWebhookSenderGrain>(Id).NotifyAsync(notification);
            if (percent is { } taken)
            {
                MarkNotified(state => state.ProgressNotified = Math.Max(state.ProgressNotified, taken));
            }
            else if (settled)
            {
                MarkNotified(state => state.NotifiedFinal = state.Redrives == drive || state.NotifiedFinal);
                UpdateIndex();
            }
        }
        catch (Exception exception)
        {
            LogSendFailed(logger, exception, Id, "hand its webhook an event"); // the next change or wake-up hands it again
        }
        finally
        {
            if (percent is null)
            {
                _notifyingFinal = false;
            }
        }
    }

    /// <summary>
    /// Notes what the webhook grain took on the decided state and on the recorded one readers and the index see; it
    /// is written with the chord's next write, and until then a new activation only hands the same event again.
    /// </summary>
    private void MarkNotified(Action<ChordState> mark)
    {
        if (!State.Exists)
        {
            return;
        }

        mark(State);
        if (Read.Recorded is { } recorded && !ReferenceEquals(recorded, State))
        {
            mark(recorded);
        }
    }
}
