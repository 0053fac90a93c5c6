using System.Security.Cryptography;
using System.Text;

namespace Chord.Demo.Handlers;

/// <summary>
/// <c>digest</c> (body): reads every succeeded task's result as a stream, in index order, and returns how many it
/// read, and the size and SHA-256 of what it hashed (one line <c>index:json</c> per result), without holding them: a
/// body that streams any number of results of any size, for trying out and measuring large result sets.
/// </summary>
public sealed class DigestHandler : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long results = 0, bytes = 0;
        await foreach (var result in context.Results.WithCancellation(cancellationToken))
        {
            var json = Encoding.UTF8.GetBytes($"{result.Index}:{result.Value.GetRawText()}\n");
            hash.AppendData(json);
            results++;
            bytes += json.Length;
        }

        return new DigestResult(results, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
