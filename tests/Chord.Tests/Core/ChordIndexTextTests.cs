using Chord.Grains.Index;

namespace Chord.Tests.Core;

/// <summary>The index's search matches whole labels and handlers, never a part of one.</summary>
public sealed class ChordIndexTextTests
{
    private static readonly ChordIndexRow Row = new("c", DateTimeOffset.UnixEpoch, ChordStatus.Failed, 1,
        Labels: ChordIndexText.OfLabels(new Dictionary<string, string> { ["team"] = "ab", ["xteam"] = "a", ["order"] = "" }),
        Handlers: ChordIndexText.OfHandlers(["render-tile", "stitch-poster", "render-tile"]));

    [Theory]
    [InlineData("team", "ab", true)]
    [InlineData("team", "a", false)] // a prefix of the value
    [InlineData("xteam", "a", true)]
    [InlineData("eam", "ab", false)] // a suffix of the key
    [InlineData("order", "", true)]  // an empty value is a value
    [InlineData("missing", "", false)]
    public void ALabelMatchesOnlyWhole(string key, string value, bool matches) =>
        Assert.Equal(matches, ChordIndexText.Matches(Row, new ChordIndexQuery { Labels = new() { [key] = value } }));

    [Theory]
    [InlineData("render-tile", true)]
    [InlineData("stitch-poster", true)]
    [InlineData("render", false)]
    [InlineData("tile", false)]
    public void AHandlerMatchesOnlyWhole(string handler, bool matches) =>
        Assert.Equal(matches, ChordIndexText.Matches(Row, new ChordIndexQuery { Handler = handler }));

    [Fact]
    public void EveryConditionMustHold()
    {
        Assert.True(ChordIndexText.Matches(Row, new ChordIndexQuery { Status = ChordStatus.Failed, Handler = "render-tile", Labels = new() { ["team"] = "ab" }, CreatedAfter = DateTimeOffset.UnixEpoch }));
        Assert.False(ChordIndexText.Matches(Row, new ChordIndexQuery { Status = ChordStatus.Succeeded, Handler = "render-tile" }));
        Assert.False(ChordIndexText.Matches(Row, new ChordIndexQuery { CreatedBefore = DateTimeOffset.UnixEpoch }));
        Assert.False(ChordIndexText.Matches(Row, new ChordIndexQuery { Labels = new() { ["team"] = "ab", ["xteam"] = "b" } }));
        Assert.Equal(ChordIndexText.OfLabels(new Dictionary<string, string> { ["b"] = "1", ["a"] = "2" }), ChordIndexText.OfLabels(new Dictionary<string, string> { ["a"] = "2", ["b"] = "1" }));
    }
}
