using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Chord.Client;

/// <summary>The <see cref="IChordClient"/> over an <see cref="HttpClient"/> made by the factory (<c>AddChordClient</c>).</summary>
public sealed class ChordClient(HttpClient http, IOptions<ChordClientOptions> options) : IChordClient
{
    private static readonly HttpRequestOptionsKey<bool> NotRetried = new("Chord.NotRetried");
    private static readonly TimeSpan DefaultReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>Whether the pipeline must not repeat this request (a redrive that landed would be refused as running).</summary>
    internal static bool IsNotRetried(HttpRequestMessage request) => request.Options.TryGetValue(NotRetried, out var no) && no;

    public async Task<ChordSnapshot> SubmitAsync(ChordRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var withId = request.Id is null ? request with { Id = Guid.NewGuid().ToString("N") } : request;
        return await SendAsync<ChordSnapshot>(HttpMethod.Post, "v1/chords", withId, cancellationToken);
    }

    public Task<ChordSnapshot> GetAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<ChordSnapshot>(HttpMethod.Get, ChordPath(id), null, cancellationToken);

    public Task<ProgressView> GetProgressViewAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<ProgressView>(HttpMethod.Get, ChordPath(id) + "/progress", null, cancellationToken);

    public Task<CancelOutcome> CancelAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<CancelOutcome>(HttpMethod.Post, ChordPath(id) + "/cancel", null, cancellationToken);

    public Task<ChordSnapshot> RedriveAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<ChordSnapshot>(HttpMethod.Post, ChordPath(id) + "/redrive", null, cancellationToken, retried: false);

    public Task<ChordSnapshot> UpdateOptionsAsync(string id, OptionsChange change, CancellationToken cancellationToken = default) =>
        SendAsync<ChordSnapshot>(HttpMethod.Patch, ChordPath(id) + "/options", change ?? throw new ArgumentNullException(nameof(change)), cancellationToken);

    public async Task<FailureGroupInfo[]> GetFailuresAsync(FailureFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new FailureFilter();
        var query = new List<(string, string?)>
        {
            ("since", filter.Since?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("handler", filter.Handler),
            ("errorType", filter.ErrorType),
        };
        query.AddRange((filter.Labels ?? new Dictionary<string, string>()).Select(l => ("label", (string?)$"{l.Key}:{l.Value}")));
        return (await SendAsync<FailurePage>(HttpMethod.Get, "v1/failures" + Query([.. query]), null, cancellationToken)).Groups;
    }

    public Task<OperationSnapshot> StartRedriveAsync(OperationSelection selection, CancellationToken cancellationToken = default) =>
        StartOperationAsync("v1/chords/redrive", selection, cancellationToken);

    public Task<OperationSnapshot> StartCancelAsync(OperationSelection selection, CancellationToken cancellationToken = default) =>
        StartOperationAsync("v1/chords/cancel", selection, cancellationToken);

    public Task<OperationSnapshot> GetOperationAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return SendAsync<OperationSnapshot>(HttpMethod.Get, "v1/operations/" + Uri.EscapeDataString(id), null, cancellationToken);
    }

    public async Task<OperationSnapshot[]> ListOperationsAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        (await SendAsync<OperationPage>(HttpMethod.Get, "v1/operations" + Query(("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))), null, cancellationToken)).Items;

    public async IAsyncEnumerable<OperationSnapshot> WatchOperationAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OperationSnapshot? last = null;
        while (true)
        {
            var now = await GetOperationAsync(id, cancellationToken);
            if (last is null || now.Matched != last.Matched || now.Done != last.Done || now.Skipped != last.Skipped || now.Failed != last.Failed || now.Status != last.Status)
            {
                yield return now;
            }

            if (now.IsFinal)
            {
                yield break;
            }

            last = now;
            await Task.Delay(options.Value.OperationPollInterval, cancellationToken);
        }
    }

    /// <summary>Starts an operation under an id made here when none is given, so the pipeline's retry of a lost answer finds it instead of starting another.</summary>
    private Task<OperationSnapshot> StartOperationAsync(string path, OperationSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var body = new OperationBody(selection.Id ?? Guid.NewGuid().ToString("N"), selection.Ids, selection.Filter);
        return SendAsync<OperationSnapshot>(HttpMethod.Post, path, body, cancellationToken);
    }

    private sealed record OperationBody(string Id, IReadOnlyList<string>? Ids, ChordQuery? Filter);

    private sealed record OperationPage(OperationSnapshot[] Items);

    public async Task<WebhookDeliveryInfo[]> GetDeliveriesAsync(string id, CancellationToken cancellationToken = default) =>
        (await SendAsync<DeliveryPage>(HttpMethod.Get, ChordPath(id) + "/deliveries", null, cancellationToken)).Items;

    private sealed record DeliveryPage(WebhookDeliveryInfo[] Items);

    public Task<ClusterSnapshot> GetClusterAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ClusterSnapshot>(HttpMethod.Get, "v1/cluster", null, cancellationToken);

    public Task<LimitList> GetLimitsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<LimitList>(HttpMethod.Get, "v1/limits", null, cancellationToken);

    public Task<LimitSetting> SetLimitAsync(LimitTarget target, string name, LimitChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync<LimitSetting>(HttpMethod.Put, LimitPath(target, name), change, cancellationToken);
    }

    public async Task<bool> ResetLimitAsync(LimitTarget target, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, LimitPath(target, name));
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemReader.ToExceptionAsync(response, cancellationToken);
            }

            return true;
        }
        catch (ChordApiNotFoundException)
        {
            return false;
        }
    }

    private static string LimitPath(LimitTarget target, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"v1/limits/{(target == LimitTarget.Key ? "keys" : "handlers")}/{Uri.EscapeDataString(name)}";
    }

    public async Task<ChordSnapshot> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        ChordSnapshot? last = null;
        await foreach (var snapshot in WatchAsync(id, cancellationToken))
        {
            last = snapshot;
        }

        // A stream ends only after the final snapshot; read it if the stream had nothing left to send.
        return last is { IsFinal: true } ? last : await GetAsync(id, cancellationToken);
    }

    public IAsyncEnumerable<ChordSnapshot> ListAsync(ChordState? status = null, CancellationToken cancellationToken = default) =>
        SearchAsync(new ChordQuery { Status = status }, cancellationToken);

    public async IAsyncEnumerable<ChordSnapshot> SearchAsync(ChordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<(string, string?)>
        {
            ("limit", Math.Min(options.Value.PageSize, 100).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("status", Name(query.Status)),
            ("handler", query.Handler),
            ("createdAfter", query.CreatedAfter?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ("createdBefore", query.CreatedBefore?.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        };
        filters.AddRange((query.Labels ?? new Dictionary<string, string>()).Select(l => ("label", (string?)$"{l.Key}:{l.Value}")));
        string? cursor = null;
        do
        {
            var page = await SendAsync<ChordPage>(HttpMethod.Get, "v1/chords" + Query([.. filters, ("cursor", cursor)]), null, cancellationToken);
            foreach (var chord in page.Items)
            {
                yield return chord;
            }

            cursor = page.Next;
        }
        while (cursor is not null);
    }

    public async IAsyncEnumerable<TaskSnapshot> ListTasksAsync(string id, TaskState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int? offset = 0;
        while (offset is { } from)
        {
            var query = Query(("offset", from.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("limit", options.Value.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("state", Name(state)));
            var page = await SendAsync<TaskPage>(HttpMethod.Get, ChordPath(id) + "/tasks" + query, null, cancellationToken);
            foreach (var task in page.Items)
            {
                yield return task;
            }

            offset = page.Next;
        }
    }

    public async IAsyncEnumerable<ChordSnapshot> WatchAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = ChordPath(id) + "/events";
        long? lastVersion = null;
        var reconnectDelay = DefaultReconnectDelay;
        var failures = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastVersion is { } version)
            {
                request.Headers.Add("Last-Event-ID", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var (response, lost) = await ConnectAsync(request, cancellationToken);
            if (response is null)
            {
                await GiveUpOrWaitAsync(lost!, ++failures, reconnectDelay, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    yield break; // the final snapshot was already delivered
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await ProblemReader.ToExceptionAsync(response, cancellationToken);
                }

                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                var parser = SseParser.Create(stream);
                await using var events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (true)
                {
                    var next = await NextEventAsync(events, cancellationToken);
                    if (next.Lost is not null)
                    {
                        lost = next.Lost;
                        break;
                    }

                    if (next.Item is not { } item)
                    {
                        lost = new IOException("The event stream ended before the chord's final snapshot.");
                        break;
                    }

                    reconnectDelay = parser.ReconnectionInterval is { } interval && interval > TimeSpan.Zero ? interval : reconnectDelay;
                    if (item.EventType is not ("progress" or "done") || item.Data.Length == 0)
                    {
                        continue; // ping: the stream is alive
                    }

                    var snapshot = JsonSerializer.Deserialize<ChordSnapshot>(item.Data, ChordJson.Options)!;
                    failures = 0;
                    if (lastVersion is { } seen && snapshot.Version <= seen && item.EventType != "done")
                    {
                        continue;
                    }

                    lastVersion = snapshot.Version;
                    yield return snapshot;
                    if (item.EventType == "done")
                    {
                        yield break;
                    }
                }
            }

            await GiveUpOrWaitAsync(lost, ++failures, reconnectDelay, cancellationToken);
        }
    }

    private async Task<(HttpResponseMessage? Response, Exception? Lost)> ConnectAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return (await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), null);
        }
        catch (Exception e) when (IsLostConnection(e, cancellationToken))
        {
            return (null, e);
        }
    }

    private static async Task<(SseItem<string>? Item, Exception? Lost)> NextEventAsync(IAsyncEnumerator<SseItem<string>> events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.MoveNextAsync() ? (events.Current, null) : (null, null);
        }
        catch (Exception e) when (IsLostConnection(e, cancellationToken))
        {
            return (null, e);
        }
    }

    private async Task GiveUpOrWaitAsync(Exception lost, int failures, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (failures > options.Value.WatchReconnects)
        {
            throw new ChordApiUnavailableException(HttpStatusCode.ServiceUnavailable, "unavailable", "The event stream could not be kept open",
                $"The event stream was lost {failures} times in a row: {lost.Message}", null);
        }

        await Task.Delay(delay, cancellationToken);
    }

    private static bool IsLostConnection(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException;

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool retried = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ChordJson.Options);
        }

        if (!retried)
        {
            request.Options.Set(NotRetried, true);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemReader.ToExceptionAsync(response, cancellationToken);
        }

        return (await response.Content.ReadFromJsonAsync<T>(ChordJson.Options, cancellationToken))!;
    }

    private static string ChordPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "v1/chords/" + Uri.EscapeDataString(id);
    }

    private static string? Name<TEnum>(TEnum? value) where TEnum : struct, Enum =>
        value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : null;

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return given.Length == 0 ? "" : "?" + string.Join('&', given);
    }

    private sealed record ChordPage(ChordSnapshot[] Items, string? Next);

    private sealed record FailurePage(FailureGroupInfo[] Groups);

    private sealed record TaskPage(TaskSnapshot[] Items, int Total, int Offset, int Limit, int? Next);
}
