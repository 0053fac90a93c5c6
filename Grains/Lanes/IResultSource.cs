using Chord.Grains.Handlers;

namespace Chord.Grains.Lanes;

/// <summary>
/// Reads a chord's succeeded results in index order, page by page (implemented where the results are stored, by
/// the task units). Declared here so the lanes can hand it to a body without depending on the task units.
/// </summary>
internal interface IResultSource
{
    /// <summary>
    /// The results; throws <see cref="ResultsMissingException"/> when a unit no longer holds its records.
    /// </summary>
    IAsyncEnumerable<TaskResult> ReadAsync(string chordId, BodyInput input, CancellationToken cancellationToken);

    /// <summary>The failed tasks in index order (nothing is read when none failed).</summary>
    IAsyncEnumerable<TaskFailure> ReadFailuresAsync(string chordId, BodyInput input, CancellationToken cancellationToken);
}
