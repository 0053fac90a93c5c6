using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Webhooks;

/// <summary>
/// Makes webhook calls, one silo-wide HTTP client: POST of the JSON body with the Standard Webhooks headers, no
/// redirects (a redirect could lead anywhere), <see cref="ChordWebhookOptions.Timeout"/> per call, at most
/// <see cref="ChordWebhookOptions.MaxResponseBytes"/> of an answer read, and every connection checked against
/// <see cref="WebhookHosts"/> after the name is resolved, so a name cannot point the cluster at an address it may not call.
/// </summary>
internal sealed partial class WebhookSender : IDisposable
{
    /// <summary>The start of an answer kept with its attempt.</summary>
    private const int KeptResponseBytes = 1024;

    private readonly ChordWebhookOptions _options;
    private readonly WebhookHosts _hosts;
    private readonly byte[][] _keys;
    private readonly HttpClient _http;
    private readonly ILogger<WebhookSender> _logger;
    private int _warnedUnsigned;

    public WebhookSender(IOptions<ChordWebhookOptions> options, WebhookHosts hosts, ILogger<WebhookSender> logger)
    {
        _logger = logger;
        _options = options.Value;
        _hosts = hosts;
        _keys = [.. _options.Secrets.Where(secret => !string.IsNullOrEmpty(secret)).Select(secret => WebhookSigner.KeyOf(secret)!)];
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each call has its own
        };
    }

    public async Task<WebhookCall> SendAsync(string url, string eventId, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (_hosts.WhyNot(url) is { } refused)
        {
            return new WebhookCall(new WebhookAttempt(now, 0, null, null, "Not allowed: " + refused), false, true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (WebhookSigner.Signature(_keys, eventId, timestamp, body) is { } signature)
        {
            request.Headers.Add("webhook-signature", signature);
        }
        else if (Interlocked.Exchange(ref _warnedUnsigned, 1) == 0)
        {
            LogUnsigned(_logger);
        }

        request.Headers.UserAgent.ParseAdd("Chord-Webhooks/1");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var kept = await ReadCappedAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            return new WebhookCall(new WebhookAttempt(now, Elapsed(started), code, kept, null), response.IsSuccessStatusCode, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookCall(new WebhookAttempt(now, Elapsed(started), null, null, $"Timeout: no answer within {_options.Timeout.TotalSeconds:0.#} s."), false, false);
        }
        catch (HttpRequestException failed) when (failed.InnerException is WebhookAddressRefusedException refusedAddress)
        {
            return new WebhookCall(new WebhookAttempt(now, Elapsed(started), null, null, "Not allowed: " + refusedAddress.Message), false, true);
        }
        catch (HttpRequestException failed)
        {
            return new WebhookCall(new WebhookAttempt(now, Elapsed(started), null, null, $"{failed.HttpRequestError}: {failed.Message}"), false, false);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string?> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Math.Min(KeptResponseBytes, _options.MaxResponseBytes)];
        var kept = 0;
        var read = 0L;
        var scratch = new byte[8192];
        while (read < _options.MaxResponseBytes)
        {
            var n = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _options.MaxResponseBytes - read)), cancellationToken);
            if (n == 0)
            {
                break;
            }

            var copy = Math.Min(n, buffer.Length - kept);
            Array.Copy(scratch, 0, buffer, kept, copy);
            kept += copy;
            read += n;
        }

        return kept == 0 ? null : Encoding.UTF8.GetString(buffer, 0, kept);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(address => _hosts.MayConnect(host, address)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookAddressRefusedException($"'{host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, which Chord:Webhooks:AllowedHosts does not list.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook calls go unsigned: set Chord:Webhooks:Secrets (whsec_ and base64) so receivers can verify them.")]
    private static partial void LogUnsigned(ILogger logger);

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
