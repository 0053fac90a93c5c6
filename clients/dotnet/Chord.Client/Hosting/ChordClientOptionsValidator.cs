using Microsoft.Extensions.Options;

namespace Chord.Client;

/// <summary>Checks <see cref="ChordClientOptions"/> (generated from their attributes) and that the address is absolute.</summary>
[OptionsValidator]
public sealed partial class ChordClientOptionsValidator : IValidateOptions<ChordClientOptions>;
