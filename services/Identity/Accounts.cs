using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Identity.Data;
using PlanServices.ServiceDefaults;

namespace PlanServices.Identity;

/// <summary>Who may sign in and which applications may ask for tokens: the configured ones, and the demo ones when asked for.</summary>
public sealed class Accounts
{
    private static readonly PasswordHasher<string> Hasher = new();

    public Accounts(IOptions<IdentityOptions> options, SuiteShape shape)
    {
        var o = options.Value;
        People = new Dictionary<string, IdentityOptions.Person>(o.Users, StringComparer.OrdinalIgnoreCase);
        Clients = new Dictionary<string, IdentityOptions.Client>(o.Clients, StringComparer.Ordinal);
        if (!o.DemoUsers) return;
        var hash = Hasher.HashPassword("", o.DemoPassword!);
        foreach (var (id, demo) in DemoPeople.Of(shape))
        {
            People.TryAdd(id, new IdentityOptions.Person { Name = demo.Name, Roles = demo.Roles, Pillars = demo.Pillars, PasswordHash = hash });
            // A script of the one-command run asks for a demo person's token with their user name and the demo password.
            Clients.TryAdd(id, new IdentityOptions.Client { DisplayName = demo.Name, Secret = o.DemoPassword, Roles = demo.Roles, Pillars = demo.Pillars });
        }
        foreach (var pillar in shape.Pillars)
            Clients.TryAdd($"constabulary-{pillar.Id}", new IdentityOptions.Client
            {
                DisplayName = $"Constabulary records system, {pillar.Title}", Secret = o.DemoPassword, Roles = [Roles.CommandArea], Pillars = [pillar.Id],
            });
    }

    public Dictionary<string, IdentityOptions.Person> People { get; }
    public Dictionary<string, IdentityOptions.Client> Clients { get; }

    public static string Hash(string password) => Hasher.HashPassword("", password);

    /// <summary>Whether the password is the person's. An unknown name is checked against a hash of its own, so that it takes as long.</summary>
    public bool PasswordMatches(IdentityOptions.Person? person, string password) =>
        Hasher.VerifyHashedPassword("", person?.PasswordHash ?? Nobody, password) != PasswordVerificationResult.Failed && person is not null;

    private static readonly string Nobody = Hasher.HashPassword("", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
}

/// <summary>
/// Checks a sign-in and keeps the lockout and the audit log. A wrong password, an unknown user name and a locked one
/// look the same to the person signing in; the log says which.
/// </summary>
public sealed class SignIns(IdentityDb db, Accounts accounts, IOptions<IdentityOptions> options, TimeProvider clock)
{
    public const string WrongPassword = "wrong password", UnknownUser = "unknown user", Locked = "locked", SignedIn = "signed in", SignedOut = "signed out";

    /// <summary>The person, when the password is theirs and the user name is not locked; the outcome either way.</summary>
    public async Task<(IdentityOptions.Person? Person, string Outcome)> CheckAsync(string userName, string password, string address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = userName.Trim().ToLowerInvariant();
        var lockouts = db.Lockouts.Where(l => l.UserName == name);
        if (!await lockouts.AnyAsync(ct))
            try
            {
                db.Lockouts.Add(new LockoutRow { UserName = name });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // an attempt in parallel made the row first
            }
        var lockedUntil = await lockouts.Select(l => l.LockedUntil).SingleAsync(ct);
        var person = accounts.People.GetValueOrDefault(name);
        var matches = accounts.PasswordMatches(person, password);
        var outcome = lockedUntil > now ? Locked : person is null ? UnknownUser : matches ? SignedIn : WrongPassword;

        if (outcome == SignedIn)
            await lockouts.ExecuteUpdateAsync(l => l.SetProperty(r => r.Failures, 0).SetProperty(r => r.LockedUntil, (DateTimeOffset?)null), ct);
        else if (outcome != Locked)
        {
            // One statement a failure, so that attempts made in parallel each count.
            var (max, until) = (options.Value.MaxFailedSignIns, (DateTimeOffset?)(now + options.Value.LockoutFor));
            await lockouts.ExecuteUpdateAsync(l => l.SetProperty(r => r.Failures, r => r.Failures + 1), ct);
            await lockouts.Where(l => l.Failures >= max).ExecuteUpdateAsync(l => l.SetProperty(r => r.Failures, 0).SetProperty(r => r.LockedUntil, until), ct);
        }
        await RecordAsync(name, address, outcome, ct);
        return (outcome == SignedIn ? person : null, outcome);
    }

    public async Task RecordAsync(string userName, string address, string outcome, CancellationToken ct)
    {
        db.SignIns.Add(new SignInRow { UserName = userName, At = clock.GetUtcNow(), Address = address, Outcome = outcome });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The latest sign-ins, newest first.</summary>
    public Task<List<SignInRow>> LatestAsync(int count, CancellationToken ct) =>
        db.SignIns.OrderByDescending(s => s.Id).Take(count).AsNoTracking().ToListAsync(ct);
}
