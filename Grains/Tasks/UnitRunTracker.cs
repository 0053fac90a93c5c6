using Chord.Grains.Lanes;

namespace Chord.Grains.Tasks;

/// <summary>
/// Where the tasks of a unit's current run are: taken in (queued for a permit) or begun (their handler started; they
/// stay running through retries until the unit records them). Positions are the tasks' places in the unit's spec.
/// Read by the unit's reports of activity to its chord and by task listings; touched only on the grain's turns.
/// </summary>
internal sealed class UnitRunTracker
{
    private int[] _indexes = [];
    private DateTimeOffset?[] _queuedAt = [];
    private DateTimeOffset?[] _startedAt = [];

    /// <summary>Tasks taken in whose handler has not begun.</summary>
    public int Queued { get; private set; }

    /// <summary>Tasks whose handler began in this run.</summary>
    public int Running { get; private set; }

    /// <summary>A new run of a unit of <paramref name="indexes"/> (the tasks' chord indexes by position) begins: nothing is taken in yet.</summary>
    public void Begin(int[] indexes)
    {
        _indexes = indexes;
        _queuedAt = new DateTimeOffset?[indexes.Length];
        _startedAt = new DateTimeOffset?[indexes.Length];
        Queued = 0;
        Running = 0;
    }

    /// <summary>The task at <paramref name="position"/> is taken in at <paramref name="at"/> and waits for its permit.</summary>
    public void Queue(int position, DateTimeOffset at)
    {
        if (_queuedAt[position] is null)
        {
            _queuedAt[position] = at;
            Queued++;
        }
    }

    /// <summary>The handler of the task at <paramref name="position"/> begins; true the first time in this run.</summary>
    public bool Start(int position, DateTimeOffset at)
    {
        if (_startedAt[position] is not null)
        {
            return false;
        }

        _startedAt[position] = at;
        if (_queuedAt[position] is null)
        {
            _queuedAt[position] = at;
        }
        else
        {
            Queued--;
        }

        Running++;
        return true;
    }

    public DateTimeOffset? QueuedAt(int position) => _queuedAt[position];

    public DateTimeOffset? StartedAt(int position) => _startedAt[position];

    /// <summary>The run's tasks that were taken in, with their latest heartbeats.</summary>
    public LiveTask[] Live(UnitHeartbeats heartbeats)
    {
        var live = new List<LiveTask>(Queued + Running);
        for (var position = 0; position < _indexes.Length; position++)
        {
            if (_queuedAt[position] is not { } queuedAt)
            {
                continue;
            }

            var index = _indexes[position];
            var (beat, beatAt) = heartbeats.Latest(index);
            live.Add(new LiveTask(index, _startedAt[position] is null ? TaskPhase.Queued : TaskPhase.Running, queuedAt, _startedAt[position], beat, beatAt));
        }

        return [.. live];
    }
}
