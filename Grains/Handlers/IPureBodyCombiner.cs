using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>
/// A combiner whose body does nothing but turn the combined value into its result (<c>sum</c>, <c>count</c>): the
/// chord then records that result itself when the tasks are done, and no body grain runs. A small chord saves the
/// body's two writes and the chord's write of "body started" (a third of its writes); there is no attempt to lose,
/// so the body counts one attempt. Implement it only when the result depends on nothing but its arguments.
/// </summary>
public interface IPureBodyCombiner : IBodyCombiner
{
    /// <summary>The body's result from the merged partials (<see cref="JsonValueKind.Undefined"/> when there are none) and the number of succeeded tasks.</summary>
    object? Result(JsonElement combined, int succeeded);
}
