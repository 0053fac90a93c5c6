namespace Chord.Grains.Limits;

/// <summary>What one cluster-wide limit follows: a key or a handler, by name.</summary>
internal readonly record struct LimitScope(LimitKind Kind, string Name)
{
    public static LimitScope Key(string key) => new(LimitKind.Key, key);

    public static LimitScope Handler(string handler) => new(LimitKind.Handler, handler);

    /// <summary>The key of the grain that keeps its books, e.g. <c>key:tenant-a</c> or <c>handler:render</c>.</summary>
    public string GrainKey => $"{(Kind == LimitKind.Key ? "key" : "handler")}:{Name}";

    public override string ToString() => GrainKey;
}
