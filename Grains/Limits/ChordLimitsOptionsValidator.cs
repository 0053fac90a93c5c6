using Microsoft.Extensions.Options;

namespace Chord.Grains.Limits;

/// <summary>Source-generated validation of <see cref="ChordLimitsOptions"/>, run at start-up and on every reload.</summary>
[OptionsValidator]
internal sealed partial class ChordLimitsOptionsValidator : IValidateOptions<ChordLimitsOptions>;
