using System.Net;
using System.Net.Sockets;

namespace Chord.Grains.Webhooks;

/// <summary>
/// Where a webhook may go (<see cref="ChordWebhookOptions.AllowedHosts"/>): the URL's host must match an entry, and
/// the address it connects to must be public unless that host or address is listed itself, so <c>*</c> never
/// reaches the silo's own loopback, the private network or a cloud's metadata address.
/// </summary>
public sealed class WebhookHosts(IReadOnlyList<string> allowed)
{
    /// <summary>Why a webhook URL may not be called, or null when it may be (checked when a chord is submitted, and at each call).</summary>
    public string? WhyNot(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "url must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "url must not carry a user name or password.";
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (!allowed.Any(entry => Matches(entry, host)))
        {
            return $"the host '{host}' is not one the cluster calls (Chord:Webhooks:AllowedHosts).";
        }

        return IPAddress.TryParse(host, out var address) && !MayConnect(host, address)
            ? $"the address {address} is loopback, private or link-local, and is called only when Chord:Webhooks:AllowedHosts lists it."
            : null;
    }

    /// <summary>Whether a call to <paramref name="host"/> may connect to <paramref name="address"/> (what its name resolved to).</summary>
    public bool MayConnect(string host, IPAddress address)
    {
        if (IsPublic(address))
        {
            return true;
        }

        // Not public: only an entry that names this host or this address exactly (no wildcard) lets it through.
        var literal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        return allowed.Any(entry => Same(entry, host) || Same(entry.Trim('[', ']'), literal));
    }

    private static bool Matches(string entry, string host) =>
        entry == "*"
        || Same(entry, host)
        || Same(entry.Trim('[', ']'), host)
        || (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily is AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && (first & 0xFE) != 0xFC; // fc00::/7 unique local
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10
            || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224);
    }
}
