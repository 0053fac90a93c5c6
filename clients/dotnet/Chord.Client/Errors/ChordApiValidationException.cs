using System.Net;

namespace Chord.Client;

/// <summary>400: the request is invalid; <see cref="Errors"/> names each field (<c>tasks[3].handler</c>, <c>limit</c>, …) with its messages.</summary>
public sealed class ChordApiValidationException(string errorCode, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : ChordApiException(HttpStatusCode.BadRequest, errorCode, title, Describe(detail ?? title, errors))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    private static string? Describe(string? summary, IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0 ? summary : $"{summary} {string.Join(" ", errors.Select(e => $"{(e.Key.Length == 0 ? "request" : e.Key)}: {string.Join(" ", e.Value)}"))}";
}
