using PlanServices.DevSidecar;

namespace PlanServices.Testing;

/// <summary>
/// A real SMTP server for a test (the SmtpServer package, as the dev sidecar's sink runs it) on a loopback port chosen
/// ahead, so a service can be pointed at it before it starts: what arrives is kept to be read and waited for.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly List<ReceivedMail> _received = [];
    private CancellationTokenSource? _running;
    private Task _serving = Task.CompletedTask;

    public int Port { get; } = Ports.Free();

    /// <summary>Recipients it refuses for good (550), as a server refuses an unknown mailbox.</summary>
    public HashSet<string> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ReceivedMail> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>Starts listening (again, after <see cref="StopAsync"/>), and returns once connections are taken.</summary>
    public async Task<TestSmtpServer> StartAsync()
    {
        _running = new CancellationTokenSource();
        var server = SmtpReceiver.Create(Port, (mail, _) =>
        {
            lock (_received) _received.Add(mail);
            return Task.CompletedTask;
        }, to => !Refused.Contains(to));
        _serving = server.StartAsync(_running.Token);
        for (var i = 0; i < 100 && !Listening(); i++) await Task.Delay(50);
        return this;
    }

    public async Task StopAsync()
    {
        if (_running is null) return;
        await _running.CancelAsync();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }
        _running.Dispose();
        _running = null;
    }

    /// <summary>The mail received for <paramref name="to"/>.</summary>
    public IReadOnlyList<ReceivedMail> To(string to) => Received.Where(m => m.Recipients.Contains(to, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits until what arrived satisfies <paramref name="condition"/>; fails with what arrived after 30 s.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedMail>, bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition(Received))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"waited 30 s for {what}; received: {string.Join("; ", Received.Select(m => $"{string.Join(",", m.Recipients)}: {m.Message.Subject}"))}");
            await Task.Delay(100);
        }
    }

    private bool Listening()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
