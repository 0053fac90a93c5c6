namespace Chord.Api.Contracts;

/// <summary>A registered handler (<c>GET /handlers</c>): its name, whether it is a task or a body handler, and its lane.</summary>
public sealed record HandlerResponse(string Name, HandlerKind Kind, TaskLane Lane);
