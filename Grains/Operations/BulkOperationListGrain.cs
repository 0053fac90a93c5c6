using Chord.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Chord.Grains.Operations;

/// <summary>
/// The list of bulk operations (key 0): every operation is entered before it starts and marked when it finishes, so
/// the list can resume the unfinished ones. Each silo calls <see cref="ResumeAllAsync"/> as it starts and every few
/// seconds after (<see cref="Hosting.DurableWorkStarter"/>), which brings back an operation whose silo died and every
/// one after a whole restart. It keeps the newest <see cref="MostKept"/>; an older finished one is forgotten, record and all.
/// </summary>
internal sealed partial class BulkOperationListGrain(
    [PersistentState("operations", StorageNames.Chords)] IPersistentState<BulkOperationListState> stored,
    ILogger<BulkOperationListGrain> logger) : Grain, IBulkOperationRegistryGrain
{
    public const int MostKept = 1_000;

    private List<BulkOperationEntry> Entries => stored.State.Entries;

    public async Task AddAsync(string operationId, DateTimeOffset createdAt)
    {
        if (Entries.Any(e => e.Id == operationId))
        {
            return;
        }

        Entries.Add(new BulkOperationEntry { Id = operationId, CreatedAt = createdAt });
        var forgotten = new List<string>();
        while (Entries.Count > MostKept && Entries.FindIndex(e => e.Finished) is var oldest and >= 0)
        {
            forgotten.Add(Entries[oldest].Id);
            Entries.RemoveAt(oldest);
        }

        await stored.WriteOwnedStateAsync();
        await Task.WhenAll(forgotten.Select(id => GrainFactory.GetGrain<IBulkOperationRunGrain>(id).ForgetAsync()));
    }

    public async Task FinishedAsync(string operationId)
    {
        if (Entries.Find(e => e.Id == operationId) is { Finished: false } entry)
        {
            entry.Finished = true;
            await stored.WriteOwnedStateAsync();
        }
    }

    public async Task ResumeAllAsync()
    {
        var unfinished = Entries.Where(e => !e.Finished).Select(e => e.Id).ToArray();
        var answers = await Task.WhenAll(unfinished.Select(ResumeAsync));
        var gone = unfinished.Where((_, i) => answers[i] is false).ToHashSet(StringComparer.Ordinal);
        if (gone.Count > 0)
        {
            Entries.RemoveAll(e => gone.Contains(e.Id));
            await stored.WriteOwnedStateAsync();
        }
    }

    public async Task<BulkOperationProgress[]> ListAsync(int limit)
    {
        var newest = Entries.AsEnumerable().Reverse().Take(Math.Clamp(limit, 0, MostKept)).Select(e => e.Id);
        var found = await Task.WhenAll(newest.Select(id => GrainFactory.GetGrain<IBulkOperationGrain>(id).GetAsync()));
        return [.. found.OfType<BulkOperationProgress>()];
    }

    /// <summary>Whether the operation is stored (null: it did not answer, and is asked again next time).</summary>
    private async Task<bool?> ResumeAsync(string operationId)
    {
        try
        {
            return await GrainFactory.GetGrain<IBulkOperationRunGrain>(operationId).ResumeAsync();
        }
        catch (Exception exception)
        {
            LogResumeFailed(logger, exception, operationId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} did not resume; it is asked again shortly.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string operationId);
}
