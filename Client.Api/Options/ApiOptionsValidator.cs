using Microsoft.Extensions.Options;

namespace Chord.Api.Options;

/// <summary>Checks <see cref="ApiOptions"/> at start-up from their attributes and rules (generated at compile time, no reflection).</summary>
[OptionsValidator]
public sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;
