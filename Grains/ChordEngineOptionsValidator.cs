using Microsoft.Extensions.Options;

namespace Chord.Grains;

/// <summary>Source-generated DataAnnotations validation of <see cref="ChordEngineOptions"/>, run at start-up.</summary>
[OptionsValidator]
internal sealed partial class ChordEngineOptionsValidator : IValidateOptions<ChordEngineOptions>;
