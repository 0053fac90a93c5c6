namespace Chord.Tests.Core;

/// <summary>A chord's failure groups: counts summed per handler and error type, the lowest task kept as the sample, at most 16 groups.</summary>
public sealed class FailureGroupTests
{
    [Fact]
    public void GroupsOfTheSameHandlerAndTypeAddUpAndKeepTheLowestTaskAsSample()
    {
        FailureGroup[] first = [new("resize", "IOException", 3, 40, "disk full"), new("resize", "Timeout", 1, 7, "too slow")];
        FailureGroup[] second = [new("resize", "IOException", 2, 12, "no space"), new("zip", "IOException", 1, 99, "locked")];

        var merged = FailureGroup.Merge(first, second);

        Assert.Equal(
            [new FailureGroup("resize", "IOException", 5, 12, "no space"), new("resize", "Timeout", 1, 7, "too slow"), new("zip", "IOException", 1, 99, "locked")],
            merged);
    }

    [Fact]
    public void PastSixteenGroupsTheRestCountAsOther()
    {
        var many = Enumerable.Range(0, 20).Select(i => new FailureGroup($"h{i}", "E", 2, i, "m")).ToArray();

        var merged = FailureGroup.Merge([], many);

        Assert.Equal(FailureGroup.MaxPerChord, merged.Length);
        Assert.Equal(40, merged.Sum(g => g.Count)); // nothing lost
        var other = Assert.Single(merged, g => g.ErrorType == FailureGroup.OtherType);
        Assert.Equal(("*", 10), (other.Handler, other.Count)); // the 16th group and the four past it
    }
}
