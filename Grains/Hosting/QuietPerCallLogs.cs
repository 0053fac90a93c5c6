using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Hosting;

/// <summary>
/// Lowers the categories that log an information line per grain call to warnings: Orleans' placement runs every
/// activation's placement through a Polly resilience pipeline, which logs two lines per placement ("Execution
/// attempt", "Resilience pipeline executed"), about 700 kB per million light tasks and far more for heavy ones. The
/// rules go first, so a host's own setting for these categories (appsettings, <c>Logging__LogLevel__Polly</c>) still
/// wins: of equally specific rules, the last one applies.
/// </summary>
internal sealed class QuietPerCallLogs : IConfigureOptions<LoggerFilterOptions>
{
    /// <summary>The categories, as the host's <c>Logging:LogLevel</c> names them.</summary>
    public static readonly IReadOnlyList<string> Categories = ["Polly"];

    public void Configure(LoggerFilterOptions options)
    {
        for (var i = 0; i < Categories.Count; i++)
        {
            options.Rules.Insert(i, new LoggerFilterRule(providerName: null, categoryName: Categories[i], logLevel: LogLevel.Warning, filter: null));
        }
    }
}
