using System.Security.Cryptography;
using System.Text;

namespace Chord.Grains.Webhooks;

/// <summary>
/// Standard Webhooks signing: the signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>, signed with
/// HMAC-SHA256 under each secret's key (the base64 after <c>whsec_</c>), each signature written <c>v1,{base64}</c>,
/// space-separated in <c>webhook-signature</c>.
/// </summary>
public static class WebhookSigner
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The key of a secret, or null when it is not base64.</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,</c> signature per key, or null when there are none.</summary>
    public static string? Signature(IReadOnlyList<byte[]> keys, string eventId, long timestamp, string body)
    {
        if (keys.Count == 0)
        {
            return null;
        }

        var content = Encoding.UTF8.GetBytes($"{eventId}.{timestamp}.{body}");
        return string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))));
    }
}
