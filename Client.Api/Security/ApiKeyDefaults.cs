namespace Chord.Api.Security;

/// <summary>The API-key scheme's names.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme (and the OpenAPI security scheme) name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";
}
