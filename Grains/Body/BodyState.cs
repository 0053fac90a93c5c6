namespace Chord.Grains.Body;

/// <summary>The body's durable record. <see cref="Attempts"/> is written before each invocation.</summary>
[GenerateSerializer, Alias("chord.BodyState")]
internal sealed class BodyState
{
    [Id(0)] public BodyStatus Status { get; set; }

    /// <summary>Invocations started, each recorded before it ran.</summary>
    [Id(1)] public int Attempts { get; set; }

    /// <summary>Invocations of this generation that ended in an error, or were interrupted by their silo stopping.</summary>
    [Id(2)] public int FailedAttempts { get; set; }

    [Id(3)] public string? Result { get; set; }

    [Id(4)] public TaskError? Error { get; set; }

    /// <summary>The chord's redrive this record belongs to.</summary>
    [Id(5)] public int Generation { get; set; }

    public bool IsFinal => Status is BodyStatus.Success or BodyStatus.Failure;
}
