using Chord.Api.Options;

namespace Chord.Tests.Core;

/// <summary>Small rules at the edges: the id's form, and a request body no larger than a grain message carries.</summary>
public sealed class InputLimitsTests
{
    [Theory]
    [InlineData("poster-1", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("poster-1\n", false)] // "$" in the pattern used to let this through
    [InlineData("poster-1\r\n", false)]
    [InlineData("-poster", false)]
    [InlineData("", false)]
    public void AnIdIsLettersDigitsAndPunctuationWithNothingAfterIt(string id, bool valid) =>
        Assert.Equal(valid, ChordIds.HasValidForm(id, 100));

    [Theory]
    [InlineData(8L * 1024 * 1024, true)]
    [InlineData(96L * 1024 * 1024, true)]
    [InlineData(96L * 1024 * 1024 + 1, false)]
    [InlineData(1024L * 1024 * 1024, false)] // the old upper bound: ten times what Orleans sends in one message
    public void TheRequestBodyLimitStaysWithinOneGrainMessage(long bytes, bool valid)
    {
        var options = new ApiOptions { MaxRequestBodyBytes = bytes };

        var result = new ApiOptionsValidator().Validate(null, options); // the validator the API runs at start-up

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("100 MiB", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AHandlersErrorKeepsAtMostTwoThousandCharactersOfItsMessage()
    {
        var error = TaskError.Of(new InvalidOperationException(new string('m', 50_000)), 1);
        var small = TaskError.Of(new InvalidOperationException("short"), 1);

        Assert.Equal(TaskError.MaxMessageLength, error.Message.Length);
        Assert.EndsWith("…", error.Message, StringComparison.Ordinal);
        Assert.Equal(TaskError.MaxStackTraceLength, error.StackTrace!.Length);
        Assert.Equal("short", small.Message);
    }
}
