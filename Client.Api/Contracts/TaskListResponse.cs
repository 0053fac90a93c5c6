namespace Chord.Api.Contracts;

/// <summary>
/// A page of <c>GET /chords/{id}/tasks</c>. <c>total</c> counts the tasks in the asked state (all tasks when none
/// was asked); <c>next</c> is the <c>offset</c> of the following page, null at the end. A filtered page reads a
/// bounded number of tasks, so it can hold fewer than <c>limit</c> items and still have a <c>next</c>.
/// </summary>
public sealed record TaskListResponse(TaskResponse[] Items, int Total, int Offset, int Limit, int? Next);
