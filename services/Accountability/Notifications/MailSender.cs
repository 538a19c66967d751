using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PlanServices.Accountability.Data;

namespace PlanServices.Accountability.Notifications;

/// <summary>
/// Sends the recorded mail with MailKit's <see cref="SmtpClient"/>, oldest first, until the SMTP server accepts each.
/// While the server cannot be reached the mail waits in the store (across restarts too) and the server is tried again
/// with exponential backoff, up to <c>Notifications:MaxBackoff</c>. A mail the server refuses for good (a 5xx reply to
/// its sender, recipient or content) is marked refused with the server's words and not tried again; a passing failure
/// (4xx) is tried again later. Without <c>Smtp:Host</c> nothing is sent and the mail stays recorded.
/// </summary>
public sealed class MailSender(IServiceProvider services, IOptions<SmtpOptions> smtp, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!smtp.Value.Configured)
        {
            logger.LogWarning("Smtp:Host is not set: notifications are recorded in the store but not sent");
            return;
        }
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0) { }
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                logger.LogWarning("Sending mail through {Host}:{Port} failed (attempt {Attempts}): {Error}; the mail waits in the store",
                    smtp.Value.Host, smtp.Value.Port, failures, e.Message);
            }
            await Task.Delay(failures == 0 ? options.Value.SendInterval : Backoff(failures), clock, stoppingToken);
        }
    }

    /// <summary>Sends the mail that is due, oldest first; returns how many were settled (sent, or refused for good).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountabilityDb>();
        var now = clock.GetUtcNow();
        // Times are compared here, not in SQL: SQLite cannot compare DateTimeOffset values.
        var due = (await db.Notifications.Where(n => n.SentAt == null && n.RefusedAt == null).OrderBy(n => n.Id).Take(500).ToListAsync(ct))
            .Where(n => n.NextAttemptAt <= now).Take(50).ToList();
        if (due.Count == 0) return 0;

        var settings = smtp.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, ct);
        if (!string.IsNullOrEmpty(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
        var settled = 0;
        foreach (var row in due)
        {
            try
            {
                await client.SendAsync(Message(row, settings), ct);
                row.SentAt = clock.GetUtcNow();
                settled++;
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                (row.RefusedAt, row.LastError) = (clock.GetUtcNow(), Reply(e));
                logger.LogError("The server refused the mail {MessageId} to {To} for good: {Error}", row.MessageId, row.ToEmail, row.LastError);
                settled++;
            }
            catch (SmtpCommandException e)
            {
                row.Attempts++;
                (row.NextAttemptAt, row.LastError) = (clock.GetUtcNow() + Backoff(row.Attempts), Reply(e));
                logger.LogWarning("The server put off the mail {MessageId} to {To} (attempt {Attempts}): {Error}", row.MessageId, row.ToEmail, row.Attempts, row.LastError);
            }
            await db.SaveChangesAsync(ct);
        }
        await client.DisconnectAsync(quit: true, ct);
        return settled;
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(options.Value.MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempts, 20))));

    /// <summary>The server's reply, code first: "550 mailbox unavailable".</summary>
    private static string Reply(SmtpCommandException e)
    {
        var reply = $"{(int)e.StatusCode} {e.Message}";
        return reply.Length > 500 ? reply[..500] : reply;
    }

    /// <summary>The mail as sent: plain text, its Message-Id derived from what happened and to whom, marked as sent automatically (RFC 3834).</summary>
    public static MimeMessage Message(NotificationRow row, SmtpOptions settings)
    {
        var message = new MimeMessage
        {
            Subject = row.Subject, MessageId = row.MessageId, Date = row.CreatedAt,
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = row.Body },
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(new MailboxAddress(row.ToName, row.ToEmail));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (row.Unsubscribe is { } unsubscribe)
        {
            // RFC 2369 and RFC 8058: mail programs offer an unsubscribe button that POSTs to the address.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return message;
    }
}
