using Microsoft.Extensions.Options;

namespace Chord.GrainClient;

/// <summary>Checks <see cref="ChordClusterOptions"/> from their attributes and rules (generated at compile time).</summary>
[OptionsValidator]
public sealed partial class ChordClusterOptionsValidator : IValidateOptions<ChordClusterOptions>;
