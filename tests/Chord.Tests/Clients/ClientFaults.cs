using System.Net;

namespace Chord.Tests.Clients;

/// <summary>
/// Faults between the .NET client and the API, inside the client's handler chain (below its resilience pipeline):
/// the first submit's answer is lost after the API handled it, and the first event stream breaks after some bytes.
/// Counts what it did, so a test proves the fault hit the running call.
/// </summary>
public sealed class ClientFaults : DelegatingHandler
{
    private int _submits;
    private int _streams;

    /// <summary>Events (pings too) of the first event stream the client gets before the connection breaks; null for no cut.</summary>
    public int? CutFirstStreamAfter { get; init; }

    public bool LoseFirstSubmitAnswer { get; init; }

    public int SubmitsSent => _submits;

    public int SubmitAnswersLost { get; private set; }

    public int StreamsCut { get; private set; }

    /// <summary>The <c>Last-Event-ID</c> of each event-stream request, in order (null when none was sent).</summary>
    public List<string?> StreamResumes { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/chords", StringComparison.Ordinal))
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _submits) == 1 && LoseFirstSubmitAnswer)
            {
                SubmitAnswersLost++;
                response.Dispose();
                throw new HttpRequestException("The connection was reset before the answer arrived (injected).");
            }

            return response;
        }

        if (path.EndsWith("/events", StringComparison.Ordinal))
        {
            lock (StreamResumes)
            {
                StreamResumes.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _streams) == 1 && CutFirstStreamAfter is { } events && response.StatusCode == HttpStatusCode.OK)
            {
                StreamsCut++;
                var inner = response.Content;
                var cut = new StreamContent(new CutStream(await inner.ReadAsStreamAsync(cancellationToken), events));
                foreach (var header in inner.Headers)
                {
                    cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = cut;
            }

            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>A response stream that fails like a dropped connection after <c>events</c> whole events (each ends with a blank line).</summary>
    private sealed class CutStream(Stream inner, int events) : Stream
    {
        private int _left = events;
        private byte _previous;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left <= 0)
            {
                throw new IOException("The connection was reset (injected).");
            }

            var read = await inner.ReadAsync(buffer[..1], cancellationToken); // a byte at a time: the cut lands exactly after an event
            if (read == 1)
            {
                if (buffer.Span[0] == (byte)'\n' && _previous == (byte)'\n')
                {
                    _left--;
                }

                _previous = buffer.Span[0];
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
