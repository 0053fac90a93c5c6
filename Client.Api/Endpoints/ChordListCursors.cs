using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Chord.Api.Endpoints;

/// <summary>The <c>cursor</c> of <c>GET /chords</c>: opaque to clients (base64url of when the last chord was created and its id).</summary>
public static class ChordListCursors
{
    public static string Encode(ChordListCursor cursor) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.CreatedAt.UtcTicks}|{cursor.Id}")));

    public static bool TryDecode(string text, out ChordListCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(text)).Split('|', 2);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[1].Length > 0)
            {
                cursor = new ChordListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
