namespace Chord;

/// <summary>
/// The chord's side of the engine: task grains and the body grain report here. Kept apart from
/// <see cref="IChordGrain"/> because clients have no business calling it. Every method is idempotent.
/// </summary>
[Alias("chord.IChordCallbackGrain")]
public interface IChordCallbackGrain : IGrainWithStringKey
{
    /// <summary>A unit of tasks has reached final states. Counted once per unit, however often it is reported.</summary>
    [Alias("OnUnitCompleted")]
    Task OnUnitCompletedAsync(UnitReport report);

    /// <summary>The body started, will retry, or finished.</summary>
    [Alias("OnBodyChanged")]
    Task OnBodyChangedAsync(BodyReport report);
}
