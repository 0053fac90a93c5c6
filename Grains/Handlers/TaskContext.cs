using System.Text;
using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>
/// What a task handler is given: which task it is, which attempt, and its arguments; and how it reports progress
/// from inside a long task (<see cref="Heartbeat"/>).
/// </summary>
public sealed class TaskContext
{
    /// <summary>The largest heartbeat value, in bytes of JSON: a heartbeat says how far a task got, it is not a result.</summary>
    public const int MaxHeartbeatBytes = 4096;

    public required string ChordId { get; init; }

    /// <summary>The task's index in the chord, 0..N-1.</summary>
    public required int Index { get; init; }

    /// <summary>1 for the first attempt; attempts go on counting after a redrive.</summary>
    public required int Attempt { get; init; }

    /// <summary>The arguments; <see cref="JsonValueKind.Undefined"/> when there are none.</summary>
    public JsonElement Args { get; init; }

    /// <summary>
    /// The value the task's earlier attempts last reported with <see cref="Heartbeat"/>, to resume from;
    /// <see cref="JsonValueKind.Undefined"/> when none did.
    /// </summary>
    public JsonElement LastHeartbeat { get; init; }

    /// <summary>Where heartbeats go (nowhere for a call without a task, such as a test's).</summary>
    internal Action<string>? OnHeartbeat { get; init; }

    /// <summary>Reads the arguments as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when there are none.</summary>
    public T ArgsAs<T>(T fallback) => HandlerJson.Deserialize(Args, fallback);

    /// <summary>Reads <see cref="LastHeartbeat"/> as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when there is none.</summary>
    public T LastHeartbeatAs<T>(T fallback) => HandlerJson.Deserialize(LastHeartbeat, fallback);

    /// <summary>
    /// Reports that the task is alive and how far it got: <paramref name="details"/> (a small value, serialized as
    /// JSON, at most <see cref="MaxHeartbeatBytes"/>) is shown in the task listing with its time, resets the
    /// attempt's <c>heartbeatTimeoutMs</c>, and is given to the next attempt as <see cref="LastHeartbeat"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is larger than <see cref="MaxHeartbeatBytes"/>.</exception>
    public void Heartbeat(object? details = null)
    {
        var json = HandlerJson.Serialize(details);
        if (json.Length > MaxHeartbeatBytes / 3 && Encoding.UTF8.GetByteCount(json) > MaxHeartbeatBytes)
        {
            throw new ArgumentException($"A heartbeat holds at most {MaxHeartbeatBytes} bytes of JSON.", nameof(details));
        }

        OnHeartbeat?.Invoke(json);
    }
}
