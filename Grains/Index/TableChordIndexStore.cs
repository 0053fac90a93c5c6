using Azure;
using Azure.Data.Tables;
using Chord.Grains.Storage;

namespace Chord.Grains.Index;

/// <summary>
/// The index in an Azure Table (<see cref="StorageNames.IndexTable"/>): a row per chord, a partition per shard, so a
/// shard's changes go out as entity-group transactions of up to 100 rows.
/// </summary>
internal sealed class TableChordIndexStore(TableClient table) : IChordIndexStore
{
    private volatile bool _created;

    public async Task<List<ChordIndexRow>> LoadAsync(int shard)
    {
        await EnsureTableAsync();
        var rows = new List<ChordIndexRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(shard)}")))
        {
            rows.Add(new ChordIndexRow(
                entity.GetString("Id"),
                entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
                Enum.Parse<ChordStatus>(entity.GetString("Status")),
                entity.GetInt64("Version") ?? 0,
                entity.GetDateTimeOffset("FinishedAt"),
                entity.GetBoolean("Purged") ?? false,
                entity.GetString("Labels"),
                entity.GetString("Handlers"),
                entity.GetString("Failures"),
                entity.GetBoolean("FollowUpPending") ?? false));
        }

        return rows;
    }

    public async Task WriteAsync(int shard, IReadOnlyDictionary<string, ChordIndexRow> rows, IReadOnlyCollection<string> changed)
    {
        await EnsureTableAsync();
        var actions = changed.Select(id => rows.TryGetValue(id, out var row)
            ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(shard, row))
            : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition(shard), TableKeys.Escape(id)), ETag.All)).ToList();
        foreach (var chunk in actions.Chunk(TableWriteBatcher.MaxEntities))
        {
            await SubmitAsync([.. chunk]);
        }
    }

    private async Task SubmitAsync(List<TableTransactionAction> actions)
    {
        while (actions.Count > 0)
        {
            try
            {
                if (actions.Count == 1)
                {
                    await SingleAsync(actions[0]);
                }
                else
                {
                    await table.SubmitTransactionAsync(actions);
                }

                return;
            }
            catch (TableTransactionFailedException failed) when (failed.Status == 404 && failed.FailedTransactionActionIndex is { } index && index >= 0 && index < actions.Count)
            {
                actions.RemoveAt(index); // a row deleted already: nothing to do for it
            }
        }
    }

    private async Task SingleAsync(TableTransactionAction action)
    {
        if (action.ActionType is TableTransactionActionType.Delete)
        {
            try
            {
                await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All);
            }
            catch (RequestFailedException failed) when (failed.Status == 404)
            {
                // deleted already
            }
        }
        else
        {
            await table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace);
        }
    }

    private static TableEntity Entity(int shard, ChordIndexRow row) => new(Partition(shard), TableKeys.Escape(row.Id))
    {
        ["Id"] = row.Id,
        ["CreatedAt"] = row.CreatedAt,
        ["Status"] = row.Status.ToString(),
        ["Version"] = row.Version,
        ["FinishedAt"] = row.FinishedAt,
        ["Purged"] = row.Purged,
        ["Labels"] = row.Labels,
        ["Handlers"] = row.Handlers,
        ["Failures"] = row.Failures,
        ["FollowUpPending"] = row.FollowUpPending,
    };

    private static string Partition(int shard) => $"s{shard:d2}";

    private async Task EnsureTableAsync()
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync();
            _created = true;
        }
    }
}
