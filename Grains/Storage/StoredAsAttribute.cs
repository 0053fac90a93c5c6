namespace Chord.Grains.Storage;

/// <summary>
/// A name under which earlier versions stored this type. Azure grain storage writes JSON naming each object's .NET
/// type and assembly (not its Orleans <c>[Alias]</c>), so a type that moves keeps its old names here and
/// <see cref="StoredTypeNames"/> reads them. Give the name as stored, e.g. <c>Chord.TaskRecord, Chord.Grains.Interfaces</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class StoredAsAttribute(string typeName) : Attribute
{
    public string TypeName { get; } = typeName;
}
