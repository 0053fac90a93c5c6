namespace Chord.Grains.Webhooks;

/// <summary>The chord's webhook grain as the chord sees it: where it hands its events.</summary>
[Alias("chord.IWebhookSenderGrain")]
internal interface IWebhookSenderGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers the event once (an event id it has seen is not taken again): answers after its first call, once the
    /// outcome is recorded, whether it was delivered or will be tried again. Returns whether every event of the chord
    /// is settled (delivered or given up): until then the chord keeps asking now and again, which also resumes the
    /// retries of a grain whose silo went away.
    /// </summary>
    [Alias("Notify")]
    Task<bool> NotifyAsync(WebhookEvent notification);

    /// <summary>Resumes its retries; whether every event is settled.</summary>
    [Alias("Resume")]
    Task<bool> ResumeAsync();

    /// <summary>Deletes its record (the chord is deleted after its retention).</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
