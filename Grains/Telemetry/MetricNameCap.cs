namespace Chord.Grains.Telemetry;

/// <summary>
/// Label values for names users choose (keys, handlers): the first <c>cap</c> names seen keep their own, every later
/// one is <c>other</c>, for good (a counter's series never moves between values, so it only grows).
/// </summary>
internal sealed class MetricNameCap(int cap)
{
    public const string Other = "other";

    private readonly Lock _lock = new();
    private readonly HashSet<(LimitKind, string)> _named = [];

    public string Of(LimitKind kind, string name)
    {
        lock (_lock)
        {
            if (_named.Contains((kind, name)))
            {
                return name;
            }

            if (_named.Count >= cap)
            {
                return Other; // the named ones are full for good, so a name once other stays other
            }

            _named.Add((kind, name));
            return name;
        }
    }
}
