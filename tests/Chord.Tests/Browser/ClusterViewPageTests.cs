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
}
