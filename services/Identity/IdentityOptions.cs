using System.ComponentModel.DataAnnotations;

namespace PlanServices.Identity;

/// <summary>The embedded provider's settings, the "Identity" section (docs/identity.md).</summary>
public sealed class IdentityOptions : IValidatableObject
{
    public const string Section = "Identity";

    /// <summary>The issuer every token names and every service checks; by default the address a request reached.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Where the signing and encryption keys are kept, relative to the content root (one PEM file per key).</summary>
    public string KeysDirectory { get; set; } = "../../data/identity-keys";

    /// <summary>A signing key signs for this long; then a new one takes over and the old one is only published.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A key that stopped signing is still published this long (the longest a token it signed lives), then retired.</summary>
    public TimeSpan KeyRetiresAfter { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The people who sign in here, by user name (the <c>sub</c> of their tokens).</summary>
    public Dictionary<string, Person> Users { get; set; } = [];

    /// <summary>The one-command run's demo people (one analyst per priority, the DCC, the OPCCN), signing in with <see cref="DemoPassword"/>.</summary>
    public bool DemoUsers { get; set; }

    public string? DemoPassword { get; set; }

    /// <summary>The applications that ask for tokens, by client id.</summary>
    public Dictionary<string, Client> Clients { get; set; } = [];

    /// <summary>Failed sign-ins in a row that lock a user name for <see cref="LockoutFor"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Requests a client address may make a minute to the sign-in page and to the token endpoint (ASP.NET Core's rate limiter).</summary>
    public int SignInsPerMinute { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (DemoUsers && (DemoPassword?.Length ?? 0) < 12)
            yield return new ValidationResult("Identity:DemoPassword of 12 characters or more is required with Identity:DemoUsers", [nameof(DemoPassword)]);
        foreach (var id in Users.Where(u => string.IsNullOrWhiteSpace(u.Value.PasswordHash)).Select(u => u.Key))
            yield return new ValidationResult($"Identity:Users:{id}:PasswordHash is required (docs/identity.md says how to make one)", [nameof(Users)]);
        foreach (var id in Clients.Where(c => string.IsNullOrWhiteSpace(c.Value.Secret)).Select(c => c.Key))
            yield return new ValidationResult($"Identity:Clients:{id}:Secret is required", [nameof(Clients)]);
    }

    /// <summary>A person: their name, the suite's roles and, for a command area, the priorities they write for.</summary>
    public sealed class Person
    {
        public string Name { get; set; } = "";
        public string[] Roles { get; set; } = [];
        public string[] Pillars { get; set; } = [];
        /// <summary>ASP.NET Core Identity's password hash (PasswordHasher, v3 format).</summary>
        public string? PasswordHash { get; set; }
    }

    /// <summary>
    /// An application. With redirect addresses it signs people in (the code flow with PKCE, refresh tokens, sign-out);
    /// every client also asks for tokens of its own (client credentials), carrying its roles and pillars.
    /// </summary>
    public sealed class Client
    {
        public string DisplayName { get; set; } = "";
        public string? Secret { get; set; }
        public string[] Roles { get; set; } = [];
        public string[] Pillars { get; set; } = [];
        public string[] RedirectUris { get; set; } = [];
        public string[] PostLogoutRedirectUris { get; set; } = [];
    }
}
