using Microsoft.AspNetCore.Authentication;

namespace Chord.Api.Security;

/// <summary>The keys the <see cref="ApiKeyAuthenticationHandler"/> accepts (all of them during a rotation).</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<string> Keys { get; set; } = [];
}
