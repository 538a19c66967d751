using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PlanServices.DevSidecar;

/// <summary>A mail as the SMTP sink keeps and lists it: the envelope's recipients, the headers people read, and the text.</summary>
public sealed record StoredMail(DateTimeOffset Received, string MessageId, string From, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>A mail as an SMTP server received it: the message, and the recipients its envelope named.</summary>
public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> Recipients);

/// <summary>An SMTP server (the SmtpServer package) on a loopback port that hands each mail it receives, parsed by MimeKit, to a callback.</summary>
public static class SmtpReceiver
{
    /// <param name="accepts">Which recipients it takes: all unless given; any other is refused for good (550).</param>
    public static SmtpServer.SmtpServer Create(int port, Func<ReceivedMail, CancellationToken, Task> received, Func<string, bool>? accepts = null)
    {
        var options = new SmtpServerOptionsBuilder().ServerName("planservices-mail-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new Store(received));
        provider.Add(new Recipients(accepts ?? (_ => true)));
        return new SmtpServer.SmtpServer(options, provider);
    }

    private sealed class Store(Func<ReceivedMail, CancellationToken, Task> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            await received(new ReceivedMail(message, transaction.To.Select(to => to.AsAddress()).ToList()), cancellationToken);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Recipients(Func<string, bool> accepts) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(accepts(to.AsAddress()));
    }
}

/// <summary>
/// The one-command run's stand-in for a mail server: an SMTP server on <c>Sidecar:SmtpPort</c> (2525) that keeps every
/// mail it receives in the sidecar's store, listed at <c>/dev/mail</c>. Nothing is delivered anywhere else.
/// </summary>
public sealed class MailSink(SidecarStore store, IOptions<SidecarOptions> options, ILogger<MailSink> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.SmtpPort;
        if (port == 0) return;
        var server = SmtpReceiver.Create(port, (mail, _) => store.AddMailAsync(new StoredMail(DateTimeOffset.UtcNow, mail.Message.MessageId ?? "",
            mail.Message.From.ToString(), mail.Recipients, mail.Message.Subject ?? "", mail.Message.TextBody ?? mail.Message.HtmlBody ?? "")));
        logger.LogInformation("Mail sink: SMTP on localhost:{Port}, the mail it receives at /dev/mail", port);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("The mail sink cannot listen on localhost:{Port} ({Error}); the rest of the sidecar runs on", port, e.Message);
        }
    }
}
