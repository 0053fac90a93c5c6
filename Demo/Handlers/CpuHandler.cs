using System.Diagnostics;
using System.Security.Cryptography;

namespace Chord.Demo.Handlers;

/// <summary><c>cpu</c> <c>{"ms": n}</c>: hashes for n milliseconds of real computation (heavy lane); returns the rounds done.</summary>
public sealed class CpuHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var args = context.ArgsAs(new DurationArgs(0));
        var budget = Stopwatch.StartNew();
        Span<byte> block = stackalloc byte[32];
        long rounds = 0;
        do
        {
            SHA256.HashData(block, block);
            rounds++;
            if ((rounds & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        while (budget.ElapsedMilliseconds < args.Ms);

        return ValueTask.FromResult<object?>(rounds);
    }
}
