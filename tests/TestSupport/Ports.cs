using System.Net;
using System.Net.Sockets;

namespace PlanServices.Testing;

/// <summary>Loopback ports for the servers tests and benchmarks start.</summary>
public static class Ports
{
    /// <summary>A port free at the moment of asking (a server that then finds it taken tries another: <see cref="ServiceServer{THost}"/>).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
