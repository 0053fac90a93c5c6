using System.Collections.Frozen;

namespace Chord.Grains.Handlers;

/// <summary>The silo's registered handlers by name. Names are unique; a duplicate fails at start-up.</summary>
internal sealed class HandlerCatalog
{
    private readonly FrozenDictionary<string, HandlerDescriptor> _byName;

    public HandlerCatalog(IEnumerable<HandlerDescriptor> descriptors)
    {
        var byName = new Dictionary<string, HandlerDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            if (!byName.TryAdd(descriptor.Name, descriptor))
            {
                throw new InvalidOperationException($"Two handlers are registered under the name '{descriptor.Name}'.");
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<HandlerDescriptor> All => _byName.Values;

    public HandlerDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    public HandlerDescriptor Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"No handler is registered under the name '{name}'.");
}
