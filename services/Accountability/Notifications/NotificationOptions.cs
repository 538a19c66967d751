using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using PlanServices.Accountability.Domain;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Notifications;

/// <summary>A person the suite tells of what concerns their roles: a row of <c>Notifications:People</c>.</summary>
public sealed class NotificationPerson
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>As in tokens: <c>command-area</c> (with <see cref="Pillar"/>), <c>originator</c>, <c>opccn</c>.</summary>
    public List<string> Roles { get; set; } = [];
    /// <summary>The priority a command area owns.</summary>
    public string Pillar { get; set; } = "";
    /// <summary>The kinds this person does not want (their own choice in the web application wins).</summary>
    public List<string> Off { get; set; } = [];

    /// <summary>The address as stored with the person's choices.</summary>
    public string Key => Email.Trim().ToLowerInvariant();

    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>Who is told what, and when; the "Notifications" section, validated on start.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public List<NotificationPerson> People { get; set; } = [];

    /// <summary>Adds the one-command run's demo users (ServiceDefaults' DemoPeople) to <see cref="People"/>, each at <c>{user}@example.org</c> (the one-command run).</summary>
    public bool DemoPeople { get; set; }

    /// <summary>The web application's address as people reach it: the links in the mails start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5100";

    /// <summary>An open action is "due" this many days before its due date.</summary>
    public int ActionDueDays { get; set; } = 7;

    /// <summary>How often late papers and actions falling due are looked for.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often mail waiting to be sent is looked for.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts to reach the SMTP server or send a mail.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Everyone the suite knows: the people listed, then the demo users when asked for.</summary>
    public IReadOnlyList<NotificationPerson> Everyone(SuiteShape shape) => DemoPeople
        ? [.. People, .. ServiceDefaults.DemoPeople.Of(shape).Select(u => new NotificationPerson
        {
            Name = u.Value.Name, Email = $"{u.Key}@example.org", Roles = [.. u.Value.Roles], Pillar = u.Value.Pillars.FirstOrDefault() ?? "",
        })]
        : People;

    /// <summary>Every rule the settings break, naming the key (and row).</summary>
    public IEnumerable<string> Problems(SuiteShape shape)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var link) || link.Scheme is not ("http" or "https"))
            yield return $"{Section}:PublicBaseUrl: '{PublicBaseUrl}' is not an http or https address";
        if (ActionDueDays < 0) yield return $"{Section}:ActionDueDays: {ActionDueDays} is below 0";
        string[] roles = [ServiceDefaults.Roles.CommandArea, ServiceDefaults.Roles.Originator, ServiceDefaults.Roles.Opccn];
        for (var i = 0; i < People.Count; i++)
        {
            var person = People[i];
            var at = $"{Section}:People[{i}]";
            if (string.IsNullOrWhiteSpace(person.Name)) yield return $"{at}.Name: required";
            if (!MailboxAddress.TryParse(person.Email, out var address) || address.Address != person.Email.Trim() || !person.Email.Contains('@'))
                yield return $"{at}.Email: '{person.Email}' is not an email address";
            if (person.Roles.Count == 0) yield return $"{at}.Roles: required ({string.Join(", ", roles)})";
            foreach (var role in person.Roles.Where(r => !roles.Contains(r)))
                yield return $"{at}.Roles: '{role}' is not a role ({string.Join(", ", roles)})";
            if (person.Has(ServiceDefaults.Roles.CommandArea) && !shape.IsPillar(person.Pillar))
                yield return $"{at}.Pillar: a command area names its priority ({string.Join(", ", shape.PillarIds)}); '{person.Pillar}' is not one";
            foreach (var kind in person.Off.Where(k => NotificationKinds.Find(k) is null))
                yield return $"{at}.Off: '{kind}' is not a kind of notification ({string.Join(", ", NotificationKinds.All.Select(k => k.Id))})";
        }
        foreach (var twice in Everyone(shape).GroupBy(p => p.Key).Where(g => g.Count() > 1))
            yield return $"{Section}:People: {twice.Key} is listed {twice.Count()} times; list each person once";
    }
}

/// <summary>The SMTP server mail is sent through; the "Smtp" section, validated on start. Without a host, mail is recorded but not sent.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>The sender, e.g. <c>PlanServices &lt;planservices@opccnorfolk.gov.uk&gt;</c>.</summary>
    public string From { get; set; } = "";
    /// <summary>Signs in to the server with <see cref="Password"/> when set (never committed: environment or a secret store).</summary>
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>MailKit's choice: <c>Auto</c> (SSL on port 465, else STARTTLS when offered), <c>StartTls</c> (required), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>, <c>None</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Every rule the settings break, naming the key.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Configured) yield break;
        if (Port is < 1 or > 65535) yield return $"{Section}:Port: {Port} is not a port (1-65535)";
        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@'))
            yield return $"{Section}:From: '{From}' is not an email address; it is required with {Section}:Host";
        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
            yield return $"{Section}:User and {Section}:Password: give both or neither";
    }
}

/// <summary>Checks the notification and SMTP settings on start; each failure is one of their problems, as written.</summary>
public sealed class SettingsCheck(SuiteShape shape) : IValidateOptions<NotificationOptions>, IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options) => Result(options.Problems(shape));

    public ValidateOptionsResult Validate(string? name, SmtpOptions options) => Result(options.Problems());

    private static ValidateOptionsResult Result(IEnumerable<string> problems) =>
        problems.ToList() is { Count: > 0 } list ? ValidateOptionsResult.Fail(list) : ValidateOptionsResult.Success;
}
