using Chord.Grains.Limits;
using Chord.Tests.Infrastructure;
using Chord.Grains.Chords;
using Chord.Grains.Handlers;
using Chord.Demo.Handlers;
using Chord.Grains;
using Chord.Grains.Handlers.BuiltIn;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Core;

/// <summary>Spec validation names the field at fault and lists what is allowed.</summary>
public sealed class SpecValidatorTests
{
    private readonly SpecValidator _validator = new(
        new HandlerCatalog([
            new HandlerDescriptor("noop", HandlerKind.Task, TaskLane.Light, typeof(NoopHandler)),
            new HandlerDescriptor("sleep", HandlerKind.Task, TaskLane.Heavy, typeof(SleepHandler)),
            new HandlerDescriptor("sum", HandlerKind.Body, TaskLane.Light, typeof(SumHandler)),
        ]),
        Options.Create(new ChordEngineOptions { MaxTasksPerChord = 1000, MaxIdLength = 20 }),
        new Chord.Grains.Webhooks.WebhookHosts(["hooks.example.com"]),
        new CurrentLimits(new FixedOptionsMonitor<ChordLimitsOptions>(new ChordLimitsOptions { Keys = { ["capped"] = new KeyLimitOptions { MaxRunning = 5 } } })));

    private static readonly TaskSpec Sum = new("sum");

    [Fact]
    public void AValidSpecHasNoErrors() =>
        Assert.Empty(_validator.Validate("ok-1", new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 1000 }, Body = Sum }));

    [Theory]
    [InlineData("", "id")]
    [InlineData("has space", "id")]
    [InlineData("../up", "id")]
    [InlineData("a-very-long-id-over-twenty", "id")]
    public void BadIdsAreRejected(string id, string field) =>
        Assert.Contains(field, _validator.Validate(id, new ChordSpec { Tasks = [new("noop")], Body = Sum }).Keys);

    [Theory]
    [InlineData("tenant-a", true)]
    [InlineData("acme/eu.1", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("-dash-first", false)]
    public void AKeyIsAShortNameLikeALabelKey(string key, bool valid)
    {
        var errors = _validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = new ChordOptions { Key = key } });

        Assert.Equal(valid, !errors.ContainsKey("options.key"));
    }

    [Theory]
    [InlineData(null, 3, false)] // a keyLimit needs a key
    [InlineData("capped", 0, false)]
    [InlineData("capped", 6, false)] // over the key's configured MaxRunning of 5
    [InlineData("capped", 5, true)]
    [InlineData("free", 1_000_000, true)] // a key without a configured limit takes any
    [InlineData("free", 1_000_001, false)]
    public void AKeyLimitNeedsAKeyAndStaysWithinItsConfiguredLimit(string? key, int keyLimit, bool valid)
    {
        var errors = _validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = new ChordOptions { Key = key, KeyLimit = keyLimit } });

        Assert.Equal(valid, !errors.ContainsKey("options.keyLimit"));
    }

    [Fact]
    public void AThenIsCheckedAsASpecOfItsOwnUnderItsDerivedId()
    {
        var tooLong = _validator.Validate("abcdefghijklmnop", new ChordSpec { Tasks = [], Body = Sum, Then = new ChordSpec { Tasks = [], Body = Sum } });
        var nested = _validator.Validate("x", new ChordSpec
        {
            Tasks = [],
            Body = Sum,
            Then = new ChordSpec { Tasks = [], Body = Sum, Then = new ChordSpec { Map = new MapSpec { Handler = "noop", ItemsFrom = "a..b" }, Body = new TaskSpec("nope") } },
        });

        Assert.Contains("then", tooLong.Keys); // "abcdefghijklmnop.then" is over this validator's 20 characters
        Assert.Equal(["then.then.body.handler", "then.then.map.itemsFrom"], nested.Keys.Order());
    }

    [Fact]
    public void UnknownHandlersAreNamedWithTheKnownOnes()
    {
        var errors = _validator.Validate("x", new ChordSpec { Tasks = [new("noop"), new("render")], Body = new TaskSpec("stitch") });

        Assert.Contains("'render' is unknown; the task handlers are: noop, sleep.", errors["tasks[1].handler"]);
        Assert.Contains("'stitch' is unknown; the body handlers are: sum.", errors["body.handler"]);
    }

    [Fact]
    public void RetryOptionsAreCheckedFieldByField()
    {
        var bad = new ChordOptions
        {
            Retry = new RetryOptions { MaxAttempts = 0, BackoffMs = -1 },
            BodyRetry = new RetryOptions { BackoffMs = 1_000, MaxBackoffMs = 10 },
        };
        var good = new ChordOptions { Retry = new RetryOptions { MaxAttempts = 5, BackoffMs = 0, MaxBackoffMs = 0 }, BodyRetry = new RetryOptions() };

        var errors = _validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = bad });

        Assert.Equal(["options.bodyRetry.maxBackoffMs", "options.retry.backoffMs", "options.retry.maxAttempts"], errors.Keys.Order());
        var tolerance = _validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = new ChordOptions { ToleratedFailures = -1, ToleratedFailurePercent = 100.5, TaskTimeoutMs = 0, BodyTimeoutMs = 86_400_001 } });
        Assert.Equal(["options.bodyTimeoutMs", "options.taskTimeoutMs", "options.toleratedFailurePercent", "options.toleratedFailures"], tolerance.Keys.Order());
        Assert.Empty(_validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = good }));
    }

    [Fact]
    public void MapNeedsExactlyOneOfCountAndItemsWithinTheLimit()
    {
        Assert.Contains("map.count", _validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop" }, Body = Sum }).Keys);
        Assert.Contains("map.count", _validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 2, Items = ["1"] }, Body = Sum }).Keys);
        Assert.Contains("map.count", _validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Count = -1 }, Body = Sum }).Keys);
        Assert.Empty(_validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 0 }, Body = Sum })); // an empty header
        Assert.Empty(_validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Items = [] }, Body = Sum }));
        Assert.Empty(_validator.Validate("x", new ChordSpec { Tasks = [], Body = Sum }));
        Assert.Contains("map.count", _validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 1001 }, Body = Sum }).Keys);
        Assert.Contains("map.items[1]", _validator.Validate("x", new ChordSpec { Map = new MapSpec { Handler = "noop", Items = ["1", "{"] }, Body = Sum }).Keys);
    }

    [Fact]
    public void OptionsAreChecked()
    {
        var errors = _validator.Validate("x", new ChordSpec { Tasks = [new("noop")], Body = Sum, Options = new ChordOptions { MaxConcurrency = 0, MaxAttempts = 0 } });

        Assert.Contains("options.maxConcurrency", errors.Keys);
        Assert.Contains("options.maxAttempts", errors.Keys);
    }

    [Fact]
    public void TooManyTasksAreRejected() =>
        Assert.Contains("tasks", _validator.Validate("x", new ChordSpec { Tasks = [.. Enumerable.Repeat(new TaskSpec("noop"), 1001)], Body = Sum }).Keys);
}
