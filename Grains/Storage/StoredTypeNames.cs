using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Serialization;
using Orleans.Serialization;

namespace Chord.Grains.Storage;

/// <summary>
/// Lets stored state name a type by a former name (<see cref="StoredAsAttribute"/>): it wraps the binder Orleans set
/// up for its JSON grain storage and answers the old names first, an array of such a type included. Writing is
/// left to Orleans, so new state names types as they are now.
/// </summary>
internal sealed class StoredTypeNames : IPostConfigureOptions<OrleansJsonSerializerOptions>
{
    private static readonly FrozenDictionary<string, Type> Former = typeof(StoredTypeNames).Assembly.GetTypes()
        .SelectMany(type => type.GetCustomAttributes<StoredAsAttribute>().SelectMany(stored => new[]
        {
            KeyValuePair.Create(stored.TypeName, type),
            KeyValuePair.Create(ArrayName(stored.TypeName), type.MakeArrayType()),
        }))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public static Type? Find(string? assemblyName, string typeName) =>
        Former.GetValueOrDefault(string.IsNullOrEmpty(assemblyName) ? typeName : $"{typeName}, {assemblyName}");

    public void PostConfigure(string? name, OrleansJsonSerializerOptions options)
    {
        var settings = options.JsonSerializerSettings;
        if (settings.SerializationBinder is not Binder)
        {
            settings.SerializationBinder = new Binder(settings.SerializationBinder ?? new DefaultSerializationBinder());
        }
    }

    // "Chord.TaskRecord, Chord.Grains.Interfaces" → "Chord.TaskRecord[], Chord.Grains.Interfaces"
    private static string ArrayName(string typeName)
    {
        var comma = typeName.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? typeName + "[]" : string.Concat(typeName.AsSpan(0, comma), "[]", typeName.AsSpan(comma));
    }

    private sealed class Binder(ISerializationBinder inner) : ISerializationBinder
    {
        public Type BindToType(string? assemblyName, string typeName) =>
            Find(assemblyName, typeName) ?? inner.BindToType(assemblyName, typeName);

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            inner.BindToName(serializedType, out assemblyName, out typeName);
    }
}
