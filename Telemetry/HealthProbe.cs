namespace Chord.Telemetry;

/// <summary>
/// A container's health check without curl in the image: the program run as <c>… healthcheck [url]</c> asks its own
/// running instance's health endpoint and exits 0 when it answers 200, 1 otherwise.
/// </summary>
public static class HealthProbe
{
    public const string Command = "healthcheck";

    /// <summary>Asks <paramref name="url"/> (default <c>http://127.0.0.1:8080/health</c>) and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/health";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
