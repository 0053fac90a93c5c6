using Chord.Grains.Index;

namespace Chord.Tests.Core;

/// <summary>A shard's listing order: newest first, then by id; a cursor resumes after its chord, even one gone since.</summary>
public sealed class IndexOrderTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    [Fact]
    public void PagesResumeAfterTheirCursorInListingOrder()
    {
        var order = new IndexOrder();
        var rows = new[] { Row("b", 0), Row("a", 0), Row("c", 5), Row("d", -5), Row("e", 5) };
        foreach (var row in rows)
        {
            order.Add(row);
        }

        Assert.Equal(["c", "e", "a", "b", "d"], order.After(null).Select(r => r.Id));
        Assert.Equal(["a", "b", "d"], order.After(new ChordListCursor(T0.AddSeconds(5), "e")).Select(r => r.Id));
        Assert.Equal(["b", "d"], order.After(new ChordListCursor(T0, "a")).Select(r => r.Id));

        order.Remove(rows[1]); // "a" deleted after a page ended on it: the next page still starts after it
        Assert.Equal(["b", "d"], order.After(new ChordListCursor(T0, "a")).Select(r => r.Id));
        Assert.Empty(order.After(new ChordListCursor(T0.AddSeconds(-5), "d")));
        Assert.Empty(order.After(new ChordListCursor(DateTimeOffset.MinValue, "zzz")));
    }

    private static ChordIndexRow Row(string id, int seconds) => new(id, T0.AddSeconds(seconds), ChordStatus.Running, 1);
}
