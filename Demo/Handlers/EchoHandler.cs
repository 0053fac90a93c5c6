namespace Chord.Demo.Handlers;

/// <summary><c>echo</c> (body): returns its arguments, e.g. an <c>onFailure</c>'s input (the failed chord's snapshot), to look at.</summary>
public sealed class EchoHandler : IBodyHandler
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(context.Args.ValueKind is System.Text.Json.JsonValueKind.Undefined ? null : context.Args);
}
