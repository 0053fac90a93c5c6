using Chord.Grains.Tasks;
using Chord.Grains.Chords;
using Chord.Grains.Handlers;
using Chord.Demo.Handlers;
using Chord.Grains;
using Chord.Grains.Handlers.BuiltIn;

namespace Chord.Tests.Core;

/// <summary>How specs are cut into task units and windows.</summary>
public sealed class ChordPlanTests
{
    private static readonly HandlerCatalog Catalog = new([
        new HandlerDescriptor("noop", HandlerKind.Task, TaskLane.Light, typeof(NoopHandler)),
        new HandlerDescriptor("sleep", HandlerKind.Task, TaskLane.Heavy, typeof(SleepHandler)),
        new HandlerDescriptor("sum", HandlerKind.Body, TaskLane.Light, typeof(SumHandler)),
    ]);

    private static readonly ChordEngineOptions Options = new() { LightUnitSize = 100, DispatchWindow = 8 };

    private static ChordState Plan(ChordSpec spec)
    {
        return ChordDecider.Submit(ChordPlan.Layout(spec, Catalog, Options), DateTimeOffset.UnixEpoch).State;
    }

    [Fact]
    public void LightTasksGoManyPerUnitAndTheLastUnitIsShort()
    {
        var state = Plan(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 250 }, Body = new TaskSpec("sum") });

        Assert.Equal((100, 3, 8), (state.UnitSize, state.UnitCount, state.Window));
        Assert.Equal(50, state.SizeOfUnit(2));
    }

    [Fact]
    public void HeavyTasksGoOnePerUnitWhileTheyFitTheWindow()
    {
        var state = Plan(new ChordSpec { Tasks = [new("sleep"), new("sleep")], Body = new TaskSpec("sum") });
        var map = Plan(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 15 }, Body = new TaskSpec("sum") });

        Assert.Equal((1, 2), (state.UnitSize, state.UnitCount));
        Assert.Equal((1, 15), (map.UnitSize, map.UnitCount));
    }

    [Fact]
    public void LargerHeavyChordsFillUnitsUpToTheHeavyUnitSize()
    {
        // Window 8: grouping starts at 8 windows' worth (64 tasks); 320 heavy tasks make units of 5; 1,000 make units
        // of the most, 8 (the default HeavyUnitSize).
        var few = Plan(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 63 }, Body = new TaskSpec("sum") });
        var some = Plan(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 320 }, Body = new TaskSpec("sum") });
        var many = Plan(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 1_000 }, Body = new TaskSpec("sum") });

        Assert.Equal((1, 63), (few.UnitSize, few.UnitCount));
        Assert.Equal((5, 64), (some.UnitSize, some.UnitCount));
        Assert.Equal((8, 125), (many.UnitSize, many.UnitCount));
    }

    [Fact]
    public void MixedListsSpreadTheirHeavyTasksOverUnitsAndKeepLightOnesTogether()
    {
        // Light units of 100 and a window of 8 here: 1 heavy task in 1,000 keeps light units; 50 go one per unit with
        // the 19 light ones after each; 500 go 7 per unit (500 / 64) with the light ones between them. Never one unit
        // per task.
        TaskSpec[] Tasks(int heavy) => [.. Enumerable.Range(0, 1_000).Select(i => new TaskSpec(i % (1_000 / heavy) == 0 ? "sleep" : "noop"))];

        var one = Plan(new ChordSpec { Tasks = Tasks(1), Body = new TaskSpec("sum") });
        var some = Plan(new ChordSpec { Tasks = Tasks(50), Body = new TaskSpec("sum") });
        var half = Plan(new ChordSpec { Tasks = Tasks(500), Body = new TaskSpec("sum") });

        Assert.Equal((100, 10), (one.UnitSize, one.UnitCount));
        Assert.Equal((20, 50), (some.UnitSize, some.UnitCount));
        Assert.Equal((14, 72), (half.UnitSize, half.UnitCount));
    }

    [Fact]
    public void HeavyTasksThatComeTogetherInAListStillGoAFewPerUnit()
    {
        // 10,000 light tasks, then 1,000 heavy ones: sized by the average (88) the heavy ones would fill 12 units of
        // 88; halved until no unit holds more than 8 (the most per unit here), they go 8 per unit.
        TaskSpec[] tasks = [.. Enumerable.Range(0, 11_000).Select(i => new TaskSpec(i < 10_000 ? "noop" : "sleep"))];

        var state = Plan(new ChordSpec { Tasks = tasks, Body = new TaskSpec("sum") });

        Assert.Equal(8, state.UnitSize);
        Assert.All(tasks.Chunk(state.UnitSize), unit => Assert.InRange(unit.Count(t => t.Handler == "sleep"), 0, 8));
    }

    [Fact]
    public void MaxConcurrencyBoundsUnitSizeTimesWindow()
    {
        var light = Plan(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 1000 }, Body = new TaskSpec("sum"), Options = new ChordOptions { MaxConcurrency = 5 } });
        var heavy = Plan(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = 1000 }, Body = new TaskSpec("sum"), Options = new ChordOptions { MaxConcurrency = 5 } });

        Assert.Equal((5, 1), (light.UnitSize, light.Window));
        Assert.Equal((1, 5), (heavy.UnitSize, heavy.Window));
    }

    [Fact]
    public void UnitsCarryTheirSliceOfTasksWithTheirArguments()
    {
        var spec = new ChordSpec { Map = new MapSpec { Handler = "noop", Items = ["\"a\"", "\"b\"", "\"c\""] }, Body = new TaskSpec("sum") };
        var state = Plan(spec with { Options = new ChordOptions { MaxConcurrency = 2 } });

        var second = ChordPlan.Unit("c", spec, state, 1);

        Assert.Equal([new TaskItem(2, "noop", "\"c\"")], second.Tasks);
    }
}
