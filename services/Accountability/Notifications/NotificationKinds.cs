using PlanServices.Accountability.Domain;
using PlanServices.ServiceDefaults;

namespace PlanServices.Accountability.Notifications;

/// <summary>
/// A kind of notification: its id (as in settings and the web application), what it tells in plain words, the roles
/// it can reach, and whether it reaches a person about a given priority or action owner.
/// </summary>
public sealed record NotificationKind(string Id, string Description, IReadOnlyList<string> Roles, Func<NotificationPerson, string, bool> Reaches);

/// <summary>Every kind of notification, in the order the web application lists them.</summary>
public static class NotificationKinds
{
    public const string PaperSubmitted = "paper-submitted";
    public const string PaperReturned = "paper-returned";
    public const string PaperApproved = "paper-approved";
    public const string FiguresRevised = "paper-figures-revised";
    public const string PaperLate = "paper-late";
    public const string ActionDue = "action-due";
    public const string ActionOverdue = "action-overdue";
    public const string PackPublished = "pack-published";
    public const string PackCorrected = "pack-corrected";

    /// <summary>The command area that owns <paramref name="pillar"/>.</summary>
    private static bool Area(NotificationPerson person, string pillar) => person.Has(Roles.CommandArea) && person.Pillar == pillar;

    /// <summary>An action's owner: a priority's command area, or the OPCCN.</summary>
    private static bool Owner(NotificationPerson person, string owner) => owner == Rules.Opccn ? person.Has(Roles.Opccn) : Area(person, owner);

    public static readonly IReadOnlyList<NotificationKind> All =
    [
        new(PaperSubmitted, "A paper is submitted for your approval", [Roles.Originator], (p, _) => p.Has(Roles.Originator)),
        new(PaperReturned, "Your priority's paper is returned to draft, with the reason", [Roles.CommandArea], Area),
        new(PaperApproved, "A paper is approved (for a command area: its own)", [Roles.CommandArea, Roles.Opccn], (p, pillar) => Area(p, pillar) || p.Has(Roles.Opccn)),
        new(FiguresRevised, "Figures of an approved paper are revised: it waits to be approved again (for a command area: its own)",
            [Roles.Originator, Roles.CommandArea], (p, pillar) => p.Has(Roles.Originator) || Area(p, pillar)),
        new(PaperLate, "A paper is late: past its deadline and not approved (for a command area: its own)", [Roles.CommandArea, Roles.Opccn],
            (p, pillar) => Area(p, pillar) || p.Has(Roles.Opccn)),
        new(ActionDue, "An action you own falls due soon", [Roles.CommandArea, Roles.Opccn], Owner),
        new(ActionOverdue, "An action you own is past its due date", [Roles.CommandArea, Roles.Opccn], Owner),
        new(PackPublished, "A meeting's pack is published", [Roles.CommandArea, Roles.Originator, Roles.Opccn], (_, _) => true),
        new(PackCorrected, "A published pack is corrected, with the correction note", [Roles.CommandArea, Roles.Originator, Roles.Opccn], (_, _) => true),
    ];

    public static NotificationKind? Find(string id) => All.FirstOrDefault(k => k.Id == id);

    public static NotificationKind Get(string id) => Find(id) ?? throw new ArgumentOutOfRangeException(nameof(id), id, "not a kind of notification");

    /// <summary>The kinds that can reach <paramref name="person"/> through any of their roles.</summary>
    public static IEnumerable<NotificationKind> For(NotificationPerson person) => All.Where(k => k.Roles.Any(person.Has));
}
