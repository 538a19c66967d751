using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Notifications;

/// <summary>What became of a subscription token: confirmed, unsubscribed, or not known (never issued, or replaced).</summary>
public enum SubscriptionOutcome { Confirmed, Unsubscribed, Unknown }

/// <summary>
/// The public's email alerts (docs/public-side.md): an agenda, a pack or a correction published. An address is subscribed
/// only once it confirms from the mail sent to it (double opt-in), and every alert carries its one-click unsubscribe
/// address. Asking again for an address sends the confirmation again; whether an address is subscribed is never told.
/// </summary>
public sealed class Subscribers(AccountabilityDb db, Notifier notifier, TimeProvider clock, SuiteShape shape)
{
    /// <summary>How long an unconfirmed address waits before asking again sends another mail.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// An address asks for the alerts: it is sent a mail to confirm (again, with a new link, if it asked over an hour ago and did
    /// not confirm, or has left). A confirmed address is sent nothing.
    /// </summary>
    public async Task SubscribeAsync(string email, CancellationToken ct)
    {
        var rules = new Rules(shape);
        var key = rules.Email(email, "email").ToLowerInvariant();
        rules.ThrowIfAny();
        var now = clock.GetUtcNow();
        var row = await db.Subscribers.SingleOrDefaultAsync(s => s.Email == key, ct);
        if (row is { ConfirmedAt: not null, UnsubscribedAt: null }) return;
        // The form cannot be used to fill someone's inbox: one confirmation mail an hour, its link valid until confirmed.
        if (row is { ConfirmedAt: null, UnsubscribedAt: null } && now - row.AskedAt < ResendAfter) return;
        if (row is null) db.Subscribers.Add(row = new SubscriberRow { Email = key, Token = NewToken(), AskedAt = now });
        else (row.Token, row.AskedAt, row.ConfirmedAt, row.UnsubscribedAt) = (NewToken(), now, null, null);
        notifier.ConfirmSubscription(row);
        await db.SaveChangesAsync(ct);
    }

    public async Task<SubscriptionOutcome> ConfirmAsync(string token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } row) return SubscriptionOutcome.Unknown;
        if (row.UnsubscribedAt is not null) return SubscriptionOutcome.Unsubscribed;
        row.ConfirmedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return SubscriptionOutcome.Confirmed;
    }

    /// <summary>Stops the alerts to the token's address; the same again changes nothing.</summary>
    public async Task<SubscriptionOutcome> UnsubscribeAsync(string token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } row) return SubscriptionOutcome.Unknown;
        row.UnsubscribedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return SubscriptionOutcome.Unsubscribed;
    }

    private async Task<SubscriberRow?> FindAsync(string token, CancellationToken ct) =>
        token.Length is > 0 and <= 64 ? await db.Subscribers.SingleOrDefaultAsync(s => s.Token == token, ct) : null;

    /// <summary>32 random bytes, URL-safe: it stands for the address in links, so it cannot be guessed.</summary>
    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
