using System.Net;
using System.Net.Sockets;

namespace PlanServices.Testing;

/// <summary>Loopback ports for the servers tests and benchmarks start.</summary>
public static class Ports
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port free at the moment of asking and never given before in this process, so that a port chosen ahead for a
    /// server that starts later (the sidecar, the gateway) is not handed to another meanwhile. A server that finds its
    /// port taken by another process tries another (<see cref="ServiceServer{THost}"/>).
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
                if (Given.Add(port)) return port;
        }
    }
}
