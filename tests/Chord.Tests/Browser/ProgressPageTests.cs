using System.Diagnostics;
using Chord.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chord.Tests.Browser;

/// <summary>The progress page in a real headless Chromium, against the real API and a real silo.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProgressPageTests(ApiFixture fixture)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Long = new() { Timeout = 60_000 };

    [Fact]
    public async Task APosterSubmittedFromThePageReaches100PercentAndShowsThePoster()
    {
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(fixture.BaseAddress, "/").ToString());
        await page.FillAsync("#poster-size", "128");
        await page.FillAsync("#poster-tiles", "3");
        await page.ClickAsync("#poster-submit");

        // Ask the page where it is rather than wait for Playwright's navigation events: with Debian's Chromium (newer
        // than this Playwright) a navigation that had plainly happened was sometimes never reported.
        await WaitForLocationAsync(page, "/chord.html?id=", errors);
        var bar = page.Locator("#progress-bar");
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-percent", "100", Long);
        await Assertions.Expect(page.Locator("#chord-status")).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#body-result")).ToContainTextAsync("poster.png", new() { Timeout = 60_000 });
        var poster = page.Locator("#poster-image");
        await Assertions.Expect(poster).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#poster-image'); return i && i.complete && i.naturalWidth === 128; }", null, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tiles img")).ToHaveCountAsync(9, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tasks-total")).ToContainTextAsync("9");
        await chromium.ScreenshotAsync(page, "chord-page.png");

        var id = new Uri(page.Url).Query.Split('=')[1];
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/").ToString());
        var row = page.Locator($"[data-chord-id='{id}']");
        await Assertions.Expect(row.Locator(".bar")).ToHaveAttributeAsync("data-percent", "100", Long);
        await Assertions.Expect(row.Locator(".chord-status")).ToContainTextAsync("succeeded");
        await chromium.ScreenshotAsync(page, "progress-page.png");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task AFailedChordIsRedrivenFromItsPageAndItsTableShowsHeartbeats()
    {
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var id = await fixture.Http.SubmitAsync("""{"tasks":[{"handler":"fail","args":{"times":1}},{"handler":"sleep","args":{"ms":600,"heartbeatMs":100}}],"body":{"handler":"sum"},"options":{"maxAttempts":1,"priority":"high"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        await page.GotoAsync(new Uri(fixture.BaseAddress, $"/chord.html?id={id}").ToString());
        await Assertions.Expect(page.Locator("#chord-status")).ToContainTextAsync("failed");
        await Assertions.Expect(page.Locator("#options")).ToContainTextAsync("priority high");
        var stack = page.Locator("#tasks tr[data-index='0'] details.stack");
        await stack.Locator("summary").ClickAsync(); // the failed task's stack trace unfolds
        await Assertions.Expect(stack.Locator("pre")).ToContainTextAsync("FailHandler.RunAsync");
        await page.ClickAsync("#redrive");
        await Assertions.Expect(page.Locator("#chord-status")).ToContainTextAsync("succeeded", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#redrives")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#redrive")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#tasks tr[data-index='1'] .heartbeat")).ToContainTextAsync("sleptMs\":600", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tasks tr[data-index='0'] td").Nth(3)).ToHaveTextAsync("2"); // attempt 2, after the redrive
        await chromium.ScreenshotAsync(page, "chord-redriven.png");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task ABarMovesLiveWhileTheChordRuns()
    {
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();

        // 60 heavy tasks of 100 ms, K = 2 per silo: about three seconds of visible progress.
        var id = await fixture.Http.SubmitAsync("""{"map":{"handler":"probe","count":60,"args":{"ms":100}},"body":{"handler":"sum"}}""");
        await page.GotoAsync(new Uri(fixture.BaseAddress, $"/chord.html?id={id}").ToString());
        await page.EvaluateAsync("""
            () => {
              window.seenPercents = [];
              const bar = document.querySelector('#progress-bar');
              new MutationObserver(() => window.seenPercents.push(bar.dataset.percent)).observe(bar, { attributes: true, attributeFilter: ['data-percent'] });
            }
            """);

        await Assertions.Expect(page.Locator("#progress-bar")).ToHaveAttributeAsync("data-percent", "100", Long);
        await Assertions.Expect(page.Locator("#body-result")).ToContainTextAsync("1770", new() { Timeout = 30_000 });
        var seen = (await page.EvaluateAsync<string[]>("() => window.seenPercents")).Distinct().ToList();
        Assert.True(seen.Count(p => p != "100") >= 3, $"the bar showed only {string.Join(", ", seen)} on its way to 100%");
    }

    [Fact]
    public async Task TheListStaysUsableWithAHundredChordsOneOfThemAHundredThousandTasks()
    {
        for (var i = 0; i < 99; i++)
        {
            await fixture.Http.SubmitAsync("""{"map":{"handler":"noop","count":10},"body":{"handler":"count"}}""");
        }

        var big = await fixture.Http.SubmitAsync("""{"map":{"handler":"noop","count":100000},"body":{"handler":"count"}}""");

        await using var chromium = await Chromium.StartAsync(390, 844);
        var page = await chromium.Context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/").ToString());
        await page.Locator($"[data-chord-id='{big}']").WaitForAsync();
        var rendered = clock.Elapsed;
        await Assertions.Expect(page.Locator($"[data-chord-id='{big}'] .bar")).ToHaveAttributeAsync("data-percent", "100", Long);

        var rows = await page.Locator("[data-chord-id]").CountAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        clock.Restart();
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => r()))");
        // A figure to read, not a pass mark (timings are measured and written down, never asserted).
        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        await File.AppendAllTextAsync(
            Path.Combine(Chromium.ScreenshotFolder, "page-timings.txt"),
            $"{DateTime.UtcNow:u} list of {rows} chords (one of 100,000 tasks): the big chord's row shown {rendered.TotalMilliseconds:F0} ms after navigation started; next animation frame after {clock.Elapsed.TotalMilliseconds:F0} ms{Environment.NewLine}");
        await chromium.ScreenshotAsync(page, "progress-page-phone.png");

        Assert.Equal(100, rows); // the page lists the 100 newest
        Assert.False(overflow, "the list scrolls sideways on a phone-sized screen");
    }

    [Fact]
    public async Task LabelsAreShownAndAClickOnOneFiltersTheList()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var mine = await fixture.Http.SubmitAsync($$$"""{"map":{"handler":"noop","count":2},"body":{"handler":"count"},"labels":{"run":"{{{run}}}","team":"posters"}}""");
        var other = await fixture.Http.SubmitAsync("""{"map":{"handler":"noop","count":2},"body":{"handler":"count"},"labels":{"team":"elsewhere"}}""");

        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/").ToString());
        var chip = page.Locator($"[data-chord-id='{mine}'] .label-chip", new() { HasText = $"run:{run}" });
        await Assertions.Expect(page.Locator($"[data-chord-id='{other}'] .label-chip")).ToHaveTextAsync("team:elsewhere");
        await chip.ClickAsync();

        await Assertions.Expect(page.Locator("#label-filter")).ToHaveValueAsync($"run:{run}");
        await Assertions.Expect(page.Locator("[data-chord-id]")).ToHaveCountAsync(1); // only the chord with that label
        await Assertions.Expect(page.Locator($"[data-chord-id='{mine}']")).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(fixture.BaseAddress, $"/chord.html?id={mine}").ToString());
        await Assertions.Expect(page.Locator("#labels")).ToHaveTextAsync($"run: {run}, team: posters");
    }

    [Fact]
    public async Task AChainsPageLinksItsLinksAndFollowsThem()
    {
        // The browser first, then the chord: a busy machine may take seconds to start Chromium, and the first link must
        // still be running when the page opens on it.
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var id = ChordWaits.NewId("page-chain");
        await fixture.Http.SubmitAsync($$$$"""{"id":"{{{{id}}}}","map":{"handler":"sleep","count":2,"args":{"ms":4000}},"body":{"handler":"collect"},"then":{"map":{"handler":"noop","itemsFrom":"results"},"body":{"handler":"count"}}}""");
        await page.GotoAsync(new Uri(fixture.BaseAddress, $"/chord.html?id={id}&follow=1").ToString());
        await Assertions.Expect(page.Locator("#chord-status")).ToHaveTextAsync("running", new() { Timeout = 15_000 });

        // Once the first link is final and records its next, the page goes on to it by itself.
        await page.WaitForURLAsync($"**/chord.html?id={id}.then&follow=1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#chord-id")).ToHaveTextAsync($"{id}.then");
        await Assertions.Expect(page.Locator("#chain-previous")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chain-next")).ToBeHiddenAsync();
        await page.Locator("#chain-previous").ClickAsync();
        await page.WaitForURLAsync($"**/chord.html?id={id}");
        await Assertions.Expect(page.Locator("#chain-next")).ToHaveAttributeAsync("href", $"chord.html?id={id}.then");
        await Assertions.Expect(page.Locator("#chain-none")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheFailuresViewGroupsFailedTasksAndLinksToAChordsFailedTasks()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var id = await fixture.Http.SubmitAsync($$$"""{"map":{"handler":"fail","count":12,"args":{"times":-1}},"body":{"handler":"count"},"labels":{"run":"{{{run}}}"},"options":{"retry":{"maxAttempts":1},"toleratedFailures":100}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/").ToString());
        await page.Locator("#label-filter").FillAsync($"run:{run}");
        await page.Locator("#label-filter").DispatchEventAsync("change");

        var group = page.Locator("#failure-groups tr[data-handler='fail'][data-error-type='InvalidOperationException']");
        await Assertions.Expect(group.Locator(".failure-count")).ToHaveTextAsync("12", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#failure-groups tbody tr")).ToHaveCountAsync(1);
        await group.Locator(".failure-chord").First.ClickAsync();

        await Assertions.Expect(page.Locator("#task-state")).ToHaveValueAsync("failed");
        await Assertions.Expect(page.Locator("#tasks tbody tr")).ToHaveCountAsync(12);
    }

    /// <summary>Waits until the page's own location contains <paramref name="part"/>, asking it every 100 ms.</summary>
    private static async Task WaitForLocationAsync(IPage page, string part, List<string> errors)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var location = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                location = await page.EvaluateAsync<string>("() => location.href");
                if (location.Contains(part, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // The page is between documents; ask again.
            }

            await Task.Delay(100);
        }

        var shown = await page.Locator("#submit-error").TextContentAsync(new() { Timeout = 1_000 });
        throw new TimeoutException($"The page never went to '{part}'; it is at {location} and shows: '{shown}'; errors: {string.Join("; ", errors)}");
    }
}
