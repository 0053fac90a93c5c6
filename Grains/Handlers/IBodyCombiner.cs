using System.Text.Json.Nodes;

namespace Chord.Grains.Handlers;

/// <summary>
/// A body whose input can be folded as the tasks finish (a combiner, as in MapReduce): each unit folds its own
/// succeeded results into a partial aggregate and reports it with its counts, and the chord merges the partials,
/// so the body gets one value in <see cref="BodyContext.Combined"/> and need not read any task's result. Implement
/// it on the body handler's class. Units report in any order, so <see cref="Merge"/> must be associative and
/// commutative. A partial is kept in the chord's state: keep it small.
/// </summary>
public interface IBodyCombiner
{
    /// <summary>Adds one succeeded task's result to <paramref name="partial"/> (null for nothing yet).</summary>
    JsonNode? Add(JsonNode? partial, TaskResult result);

    /// <summary>Merges two partials (either may be null for nothing).</summary>
    JsonNode? Merge(JsonNode? left, JsonNode? right);
}
