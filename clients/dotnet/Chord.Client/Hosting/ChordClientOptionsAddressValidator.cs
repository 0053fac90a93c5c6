using Microsoft.Extensions.Options;

namespace Chord.Client;

/// <summary>An address the client can send to: absolute, http or https.</summary>
internal sealed class ChordClientOptionsAddressValidator : IValidateOptions<ChordClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ChordClientOptions options) =>
        options.BaseAddress is { } address && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https"))
            ? ValidateOptionsResult.Fail($"ChordClientOptions.BaseAddress must be an absolute http or https address, not '{address}'.")
            : ValidateOptionsResult.Success;
}
