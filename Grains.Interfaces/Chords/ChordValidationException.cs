namespace Chord;

/// <summary>The spec was rejected before anything was created. <see cref="Errors"/> maps each field to its problems.</summary>
[GenerateSerializer, Alias("chord.ChordValidationException")]
public sealed class ChordValidationException : Exception
{
    public ChordValidationException(Dictionary<string, string[]> errors)
        : base(Describe(errors)) => Errors = errors;

    public ChordValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    /// <summary>Field path (e.g. <c>tasks[3].handler</c>) to the messages about it.</summary>
    [Id(0)] public Dictionary<string, string[]> Errors { get; }

    private static string Describe(Dictionary<string, string[]> errors) =>
        "Invalid chord spec: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
