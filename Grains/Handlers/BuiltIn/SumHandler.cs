using System.Text.Json;

namespace Chord.Grains.Handlers.BuiltIn;

/// <summary><c>sum</c> (body): the sum of the numeric results of the succeeded tasks.</summary>
internal sealed class SumHandler : IBodyHandler
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        decimal sum = 0;
        foreach (var result in context.Results)
        {
            if (result.Value.ValueKind is JsonValueKind.Number)
            {
                sum += result.Value.GetDecimal();
            }
        }

        return ValueTask.FromResult<object?>(sum);
    }
}
