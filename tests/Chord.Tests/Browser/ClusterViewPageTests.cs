using Chord.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chord.Tests.Browser;

/// <summary>The progress page's cluster view in a real headless Chromium: both silos, live load, links to their dashboards.</summary>
public sealed class ClusterViewPageTests(TwoSiloApiFixture fixture) : IClassFixture<TwoSiloApiFixture>
{
    [Fact]
    public async Task ThePageShowsEachSiloLiveWithALinkToItsDashboard()
    {
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/").ToString());

        var rows = page.Locator("#cluster-silos tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-status", "active");

        // Work arrives while the page is open: the running count moves without a reload.
        var id = await fixture.Host.Http.SubmitAsync("""{"map":{"handler":"probe","count":8,"args":{"ms":3000}},"body":{"handler":"count"}}""");
        await Assertions.Expect(page.Locator("#cluster-totals")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"heavy [1-4] / 4 running"), new() { Timeout = 20_000 });
        await chromium.ScreenshotAsync(page, "cluster-view.png");
        await fixture.Host.Grains.GetGrain<IChordGrain>(id).CancelAsync();

        var links = await page.Locator("#cluster-silos tbody a").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        Assert.Equal(fixture.Host.SiloAddresses.Select(a => a.ToString()).Order(), links.Order());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ThePageListsAKeyUnderALimitWithWhatRunsAndWaits()
    {
        var key = ChordWaits.NewId("page-key");
        using var set = await fixture.Host.Http.PutAsync($"/v1/limits/keys/{key}", HttpChords.Json("""{"maxRunning":1,"ratePerSecond":50}"""));
        await using var chromium = await Chromium.StartAsync();
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/").ToString());
        var id = await fixture.Host.Http.SubmitAsync($$$"""{"map":{"handler":"probe","count":4,"args":{"ms":20000}},"body":{"handler":"count"},"options":{"key":"{{{key}}}"}}""");
        try
        {
            var row = page.Locator($"#cluster-limits tr[data-limit='key:{key}']");
            await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
            await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("50");
            await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("1", new() { Timeout = 20_000 }); // running: at its limit
            await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveClassAsync("at-limit");
            await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("3", new() { Timeout = 20_000 }); // waiting
            await chromium.ScreenshotAsync(page, "cluster-limits.png");
            Assert.Empty(errors);
        }
        finally
        {
            await fixture.Host.Grains.GetGrain<IChordGrain>(id).CancelAsync();
            await fixture.Host.Http.DeleteAsync($"/v1/limits/keys/{key}");
        }
    }
}
