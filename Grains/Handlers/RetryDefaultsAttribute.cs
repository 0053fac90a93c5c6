namespace Chord.Grains.Handlers;

/// <summary>
/// A handler's own retry defaults: they apply to its tasks (or to it as a body) wherever the chord's options leave
/// the value unset, before the silo's defaults. A value of 0 or less declares nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RetryDefaultsAttribute : Attribute
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The wait before the second attempt, in milliseconds.</summary>
    public int BackoffMs { get; init; }

    /// <summary>The longest wait between two attempts, in milliseconds.</summary>
    public int MaxBackoffMs { get; init; }
}
