using Chord.Api.Options;
using Microsoft.Extensions.Options;

namespace Chord.Api.Posters;

/// <summary>Reads posters from the local folder that silos on this machine write to (memory storage).</summary>
public sealed class FolderPosterSource(IOptions<PosterFolderOptions> options) : IPosterSource
{
    public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, key));
        var inside = path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return Task.FromResult<Stream?>(inside && File.Exists(path) ? File.OpenRead(path) : null);
    }
}
