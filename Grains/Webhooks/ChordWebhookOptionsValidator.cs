using Microsoft.Extensions.Options;

namespace Chord.Grains.Webhooks;

/// <summary>Source-generated validation of <see cref="ChordWebhookOptions"/>, run at start-up.</summary>
[OptionsValidator]
internal sealed partial class ChordWebhookOptionsValidator : IValidateOptions<ChordWebhookOptions>;
