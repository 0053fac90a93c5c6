using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Webhooks;

/// <summary>
/// Delivers one chord's webhook events (same key as the chord), in order, at least once: each event is called at
/// once, then, until a receiver answers 2xx, again after 1×, 2×, 4×… <see cref="ChordWebhookOptions.FirstRetryDelay"/>
/// (at most an hour apart) until <see cref="ChordWebhookOptions.RetryFor"/> has passed. Every outcome is recorded
/// before the chord hears of it, and a pending event is recorded with its body, so nothing is lost with the grain:
/// the chord asks again on its next wake until every event is settled, which also resumes the retries.
/// </summary>
internal sealed partial class WebhookGrain(
    [PersistentState("webhooks", StorageNames.Results)] IPersistentState<WebhookState> stored,
    WebhookSender sender,
    ChordMetrics metrics,
    IOptions<ChordWebhookOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookSenderGrain, IChordWebhookGrain
{
    /// <summary>The latest attempts kept per event (<see cref="WebhookRecord.AttemptCount"/> counts them all).</summary>
    private const int AttemptsKept = 20;

    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromHours(1);

    private IGrainTimer? _retries;

    private List<WebhookRecord> Events => stored.State.Events;

    private bool AllSettled => Events.All(e => e.Status is not WebhookDeliveryStatus.Pending);

    public async Task<bool> NotifyAsync(WebhookEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (Events.Any(e => e.EventId == notification.EventId))
        {
            EnsureRetries();
            return AllSettled;
        }

        var record = new WebhookRecord
        {
            EventId = notification.EventId,
            Event = notification.Event,
            Percent = notification.Percent,
            Url = notification.Url,
            CreatedAt = time.GetUtcNow(),
            Payload = notification.Payload,
        };
        Events.Add(record);
        try
        {
            await CallAsync(record);
            await stored.WriteOwnedStateAsync();
        }
        catch
        {
            Events.Remove(record); // not recorded: the chord asks again
            throw;
        }

        EnsureRetries();
        return AllSettled;
    }

    public Task<bool> ResumeAsync()
    {
        EnsureRetries();
        return Task.FromResult(AllSettled);
    }

    public async Task ForgetAsync()
    {
        _retries?.Dispose();
        _retries = null;
        if (Events.Count > 0)
        {
            await stored.ClearStateAsync();
        }

        DeactivateOnIdle();
    }

    public Task<WebhookDelivery[]> ListDeliveriesAsync() => Task.FromResult(Events.Select(e => e.ToDelivery()).ToArray());

    /// <summary>Calls the receiver once and records the outcome in memory: delivered, given up, or when to try again.</summary>
    private async Task CallAsync(WebhookRecord record)
    {
        var now = time.GetUtcNow();
        var call = await sender.SendAsync(record.Url, record.EventId, record.Payload ?? "", now, CancellationToken.None);
        record.Attempts.Add(call.Attempt);
        record.AttemptCount++;
        if (record.Attempts.Count > AttemptsKept)
        {
            record.Attempts.RemoveAt(0);
        }

        var web = options.Value;
        var delay = TimeSpan.FromTicks(Math.Min(LongestRetryDelay.Ticks, web.FirstRetryDelay.Ticks << Math.Min(record.AttemptCount - 1, 20)));
        var next = now + delay;
        (record.Status, record.NextAttemptAt) = call switch
        {
            { Delivered: true } => (WebhookDeliveryStatus.Delivered, (DateTimeOffset?)null),
            { Final: true } => (WebhookDeliveryStatus.Failed, null),
            _ when next > record.CreatedAt + web.RetryFor => (WebhookDeliveryStatus.Failed, null),
            _ => (WebhookDeliveryStatus.Pending, next),
        };
        metrics.WebhookCalled(call.Delivered ? "delivered" : call.Final ? "refused" : "failed");
        if (record.Status is not WebhookDeliveryStatus.Pending)
        {
            record.Payload = null;
            metrics.WebhookSettled(record.Status is WebhookDeliveryStatus.Delivered, now - record.CreatedAt);
            if (record.Status is WebhookDeliveryStatus.Failed)
            {
                LogGaveUp(logger, this.GetPrimaryKeyString(), record.EventId, record.AttemptCount, call.Attempt.Error ?? $"status {call.Attempt.StatusCode}");
            }
        }
    }

    /// <summary>While an event is pending, a timer calls each due one again (the grain stays active meanwhile).</summary>
    private void EnsureRetries()
    {
        if (AllSettled || _retries is not null)
        {
            return;
        }

        var every = options.Value.FirstRetryDelay < TimeSpan.FromSeconds(1) ? options.Value.FirstRetryDelay : TimeSpan.FromSeconds(1);
        _retries = this.RegisterGrainTimer(RetryDueAsync, new GrainTimerCreationOptions { DueTime = every, Period = every, KeepAlive = true });
    }

    private async Task RetryDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = Events.Where(e => e.Status is WebhookDeliveryStatus.Pending && e.NextAttemptAt <= now).ToList();
        foreach (var record in due)
        {
            await CallAsync(record);
        }

        if (due.Count > 0)
        {
            await stored.WriteOwnedStateAsync();
        }

        if (AllSettled)
        {
            _retries?.Dispose();
            _retries = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: webhook event {EventId} given up after {Attempts} attempts ({LastError}).")]
    private static partial void LogGaveUp(ILogger logger, string chordId, string eventId, int attempts, string lastError);
}
