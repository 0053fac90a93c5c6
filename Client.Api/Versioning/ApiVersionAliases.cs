namespace Chord.Api.Versioning;

/// <summary>
/// The API lives under <c>/v1</c>; its routes without the prefix (<c>/chords</c>, <c>/events</c>, <c>/handlers</c>,
/// <c>/cluster</c>, <c>/posters</c>) stay for one release as aliases of the same endpoints: the request is routed as
/// its <c>/v1</c> form, and the links it gets back (<c>Location</c>) keep the form it used.
/// </summary>
public static class ApiVersionAliases
{
    public const string Prefix = "/v1";

    private const string AliasKey = "chord.unversioned";

    private static readonly string[] Aliased = ["/chords", "/events", "/handlers", "/cluster", "/posters"];

    /// <summary>Rewrites an unprefixed API path to its <c>/v1</c> form; must run before routing.</summary>
    public static IApplicationBuilder UseApiVersionAliases(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        if (Aliased.Any(root => path.StartsWithSegments(root, StringComparison.OrdinalIgnoreCase)))
        {
            context.Request.Path = Prefix + path;
            context.Items[AliasKey] = true;
        }

        return next(context);
    });

    /// <summary>The root a link in the answer starts from: <c>/v1</c>, or nothing for a request made without it.</summary>
    public static string RootOf(HttpContext context) => context.Items.ContainsKey(AliasKey) ? "" : Prefix;
}
