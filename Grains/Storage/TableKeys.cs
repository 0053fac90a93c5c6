using System.Text;

namespace Chord.Grains.Storage;

/// <summary>How the engine turns ids into Azure Table keys: a stable bucket for the partition, an escaped row key.</summary>
internal static class TableKeys
{
    /// <summary>FNV-1a over the id's UTF-8 bytes, modulo <paramref name="buckets"/>: stable across processes and releases, unlike string.GetHashCode.</summary>
    public static int Bucket(string id, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)buckets);
    }

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters: those (and '%') are percent-encoded.</summary>
    public static string Escape(string id)
    {
        var escaped = new StringBuilder(id.Length + 16);
        foreach (var c in id)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The id an <see cref="Escape"/>d row key stands for.</summary>
    public static string Unescape(string key) => Uri.UnescapeDataString(key);
}
