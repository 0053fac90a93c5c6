using Microsoft.Extensions.Options;

namespace Chord.Silo;

/// <summary>Source-generated validation of <see cref="SiloOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class SiloOptionsValidator : IValidateOptions<SiloOptions>;
