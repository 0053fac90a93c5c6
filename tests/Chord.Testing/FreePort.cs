using System.Net;
using System.Net.Sockets;

namespace Chord.Testing;

/// <summary>
/// A loopback TCP port that was free a moment ago, and never one this process was handed before: nothing binds it
/// until later, so the system could hand the same port to two callers in a row (a silo port and its own web port, say).
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
