namespace Chord.Api.Problems;

/// <summary>
/// The stable <c>errorCode</c> of every problem the API answers, and its <c>type</c> (<c>urn:chord:problem:{code}</c>).
/// A client branches on the code, never on the title or the detail, which are for people and may change.
/// </summary>
public static class ProblemCodes
{
    /// <summary>The extension member that carries the code.</summary>
    public const string Member = "errorCode";

    public const string TypePrefix = "urn:chord:problem:";

    /// <summary>400: the spec, the id or a query parameter is invalid (<c>errors</c> names each field).</summary>
    public const string Validation = "validation";

    /// <summary>400: the body is not JSON the API can read.</summary>
    public const string MalformedRequest = "malformed-request";

    /// <summary>401: the API key is missing or wrong.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>404: no chord (or poster) has this id.</summary>
    public const string NotFound = "not-found";

    /// <summary>405: the route exists, not with this method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>409: the id holds a chord with a different spec.</summary>
    public const string ConflictingSpec = "conflicting-spec";

    /// <summary>409: the chord finished, so its options can no longer change.</summary>
    public const string Finished = "finished";

    /// <summary>409: the chord cannot be redriven now (running, succeeded, or its records purged).</summary>
    public const string NotRedrivable = "not-redrivable";

    /// <summary>410: the chord's task records were purged after their retention.</summary>
    public const string Purged = "purged";

    /// <summary>413: the request body is over <c>Chord:Api:MaxRequestBodyBytes</c>.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>415: the request body is not JSON.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>429: this caller submits or streams faster than its limit allows (see <c>Retry-After</c>).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>503: a silo is at its limit of task listings (see <c>Retry-After</c>).</summary>
    public const string Busy = "busy";

    /// <summary>503: the cluster or its storage cannot answer now (see <c>Retry-After</c>); nothing accepted is lost.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>500: a fault of the API itself.</summary>
    public const string Internal = "internal";

    public static string TypeOf(string code) => TypePrefix + code;

    /// <summary>The code of a problem that did not name one: what its status means here.</summary>
    public static string ForStatus(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => Validation,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => ConflictingSpec,
        StatusCodes.Status410Gone => Purged,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        _ => Internal,
    };
}
