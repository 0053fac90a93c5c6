namespace Chord.Grains.Handlers;

/// <summary>Answers from the local silo's catalog; every silo registers the same handlers.</summary>
[StatelessWorker]
internal sealed class HandlerCatalogGrain(HandlerCatalog catalog) : Grain, IHandlerCatalogGrain
{
    public Task<HandlerInfo[]> GetHandlersAsync() => Task.FromResult(
        catalog.All.OrderBy(h => h.Kind).ThenBy(h => h.Name, StringComparer.Ordinal).Select(h => new HandlerInfo(h.Name, h.Kind, h.Lane)).ToArray());
}
