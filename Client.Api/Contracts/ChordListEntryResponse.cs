using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>A chord as the index lists it: its id, when it was created, its status.</summary>
public sealed record ChordListEntryResponse(
    [property: Description("The chord's id.")] string Id,
    [property: Description("When it was accepted.")] DateTimeOffset CreatedAt,
    [property: Description("Its status as the index last heard it.")] ChordStatus Status);
