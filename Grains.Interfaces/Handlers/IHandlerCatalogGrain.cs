namespace Chord;

/// <summary>The handlers registered in the silos, so a client knows what it can submit.</summary>
[Alias("chord.IHandlerCatalogGrain")]
public interface IHandlerCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Every registered handler, ordered by kind then name.</summary>
    [Alias("GetHandlers")]
    Task<HandlerInfo[]> GetHandlersAsync();
}
