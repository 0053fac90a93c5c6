using System.ComponentModel;
using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>One handler over <c>count</c> indexes (with shared <c>args</c>) or over <c>items</c>.</summary>
public sealed record MapRequest(
    [property: Description("The task handler every task runs.")] string? Handler,
    [property: Description("How many tasks: task i gets args and its index i. Give count or items.")] int? Count,
    [property: Description("One task per element, which is its argument. Give count or items.")] JsonElement[]? Items,
    [property: Description("With count: the JSON arguments every task gets.")] JsonElement? Args,
    [property: Description("In a then chord only, instead of count or items: the field of the previous chord's body result whose array gives the items (e.g. files, output.files; $ for the result itself).")] string? ItemsFrom = null);
