using System.Runtime.CompilerServices;
using Chord.Grains.Handlers;
using Chord.Grains.Lanes;

namespace Chord.Grains.Tasks;

/// <summary>
/// Streams a chord's succeeded results to its body from the task units, in index order: pages of at most
/// <see cref="UnitPages.MaxBytes"/>, with the first page of the next few units asked for ahead, so memory holds a bounded
/// number of pages whatever the chord's size and however large its results.
/// </summary>
internal sealed class UnitResultReader(IGrainFactory grains) : IResultSource
{
    public async IAsyncEnumerable<TaskResult> ReadAsync(string chordId, BodyInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in ReadRecordsAsync(chordId, input, cancellationToken))
        {
            if (record.State is TaskOutcome.Succeeded)
            {
                yield return record.ToResult();
            }
        }
    }

    public async IAsyncEnumerable<TaskFailure> ReadFailuresAsync(string chordId, BodyInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (input.Failed == 0)
        {
            yield break;
        }

        await foreach (var record in ReadRecordsAsync(chordId, input, cancellationToken))
        {
            if (record.State is TaskOutcome.Failed)
            {
                yield return new TaskFailure(record.Index, record.Handler ?? "", record.Error!);
            }
        }
    }

    private async IAsyncEnumerable<TaskRecord> ReadRecordsAsync(string chordId, BodyInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Units of one heavy task are many and small: ask for more of them ahead than for units of many tasks.
        var ahead = Math.Clamp(128 / Math.Max(input.UnitSize, 1), 2, 32);
        var firstPages = new Queue<Task<TaskRecord[]>>();
        var asked = 0;
        for (var unit = 0; unit < input.UnitCount; unit++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (firstPages.Count < ahead && asked < input.UnitCount)
            {
                firstPages.Enqueue(Page(chordId, asked++, 0));
            }

            var expected = Math.Min(input.UnitSize, input.Total - (unit * input.UnitSize));
            var page = await firstPages.Dequeue();
            for (var read = 0; ;)
            {
                if (page.Length == 0)
                {
                    throw new ResultsMissingException(chordId, unit);
                }

                foreach (var record in page)
                {
                    yield return record;
                }

                read += page.Length;
                if (read >= expected)
                {
                    break;
                }

                page = await Page(chordId, unit, read);
            }
        }
    }

    private Task<TaskRecord[]> Page(string chordId, int unit, int skip) =>
        grains.GetGrain<ITaskGrain>(UnitKey.Of(chordId, unit)).ReadRecordsAsync(skip, UnitPages.MaxBytes);
}
