using PlanServices.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;

namespace PlanServices.Accountability.Notifications;

/// <summary>A kind of notification as one person has it: on or off.</summary>
public sealed record NotificationChoice(NotificationKind Kind, bool On);

/// <summary>
/// The people the suite knows (<c>Notifications:People</c>) and what each wants: a kind is on unless the settings list
/// it under the person's <c>Off</c>, and a choice the person made in the web application (kept in the store) wins.
/// </summary>
public sealed class Recipients(AccountabilityDb db, SuiteShape shape, IOptions<NotificationOptions> options, TimeProvider clock)
{
    /// <summary>Whom <paramref name="kind"/> about <paramref name="about"/> (a priority or an action's owner) reaches, leaving out who switched it off.</summary>
    public async Task<IReadOnlyList<NotificationPerson>> ForAsync(NotificationKind kind, string about, CancellationToken ct)
    {
        var reached = options.Value.Everyone(shape).Where(p => kind.Reaches(p, about)).ToList();
        var choices = await ChosenAsync(reached.Select(p => p.Key).ToList(), kind.Id, ct);
        return reached.Where(p => choices.TryGetValue((p.Key, kind.Id), out var on) ? on : !p.Off.Contains(kind.Id)).ToList();
    }

    /// <summary>The person a signed-in user is: by their email claim, else by name; refused when the settings list no such person.</summary>
    public NotificationPerson Find(string? email, string? name) =>
        options.Value.Everyone(shape).FirstOrDefault(p => !string.IsNullOrEmpty(email) && p.Key == email.Trim().ToLowerInvariant())
        ?? options.Value.Everyone(shape).FirstOrDefault(p => !string.IsNullOrEmpty(name) && p.Name.Trim() == name.Trim())
        ?? throw new AccountabilityException(Refusal.NotFound,
            $"no person in {NotificationOptions.Section}:People has your email address{(string.IsNullOrEmpty(email) ? "" : $" ({email})")} or name " +
            $"('{name}'): the OPCCN adds you there");

    /// <summary>Each kind that can reach the person, and whether it is on.</summary>
    public async Task<IReadOnlyList<NotificationChoice>> ChoicesAsync(NotificationPerson person, CancellationToken ct)
    {
        var chosen = await ChosenAsync([person.Key], null, ct);
        return NotificationKinds.For(person)
            .Select(k => new NotificationChoice(k, chosen.TryGetValue((person.Key, k.Id), out var on) ? on : !person.Off.Contains(k.Id))).ToList();
    }

    /// <summary>Records the person's own choices; a kind not named keeps its choice. A kind that cannot reach them is refused, naming it.</summary>
    public async Task<IReadOnlyList<NotificationChoice>> ChooseAsync(NotificationPerson person, IReadOnlyList<(string Kind, bool On)> choices, CancellationToken ct)
    {
        var theirs = NotificationKinds.For(person).Select(k => k.Id).ToList();
        var rules = new Rules(shape);
        for (var i = 0; i < choices.Count; i++)
            if (!theirs.Contains(choices[i].Kind))
                rules.Add(new($"choices[{i}].kind", NotificationKinds.Find(choices[i].Kind) is null
                    ? $"'{choices[i].Kind}' is not a kind of notification ({string.Join(", ", NotificationKinds.All.Select(k => k.Id))})"
                    : $"'{choices[i].Kind}' does not reach your roles ({string.Join(", ", theirs)})"));
        foreach (var twice in choices.GroupBy(c => c.Kind).Where(g => g.Count() > 1))
            rules.Add(new("choices", $"'{twice.Key}' is given {twice.Count()} times"));
        rules.ThrowIfAny();

        var stored = await db.NotificationChoices.Where(c => c.Email == person.Key).ToDictionaryAsync(c => c.Kind, ct);
        foreach (var (kind, on) in choices)
        {
            if (stored.TryGetValue(kind, out var row)) (row.On, row.ChangedAt) = (on, clock.GetUtcNow());
            else db.NotificationChoices.Add(new NotificationChoiceRow { Email = person.Key, Kind = kind, On = on, ChangedAt = clock.GetUtcNow() });
        }
        await db.SaveChangesAsync(ct);
        return await ChoicesAsync(person, ct);
    }

    private async Task<Dictionary<(string Email, string Kind), bool>> ChosenAsync(IReadOnlyList<string> emails, string? kind, CancellationToken ct) =>
        await db.NotificationChoices.AsNoTracking().Where(c => emails.Contains(c.Email) && (kind == null || c.Kind == kind))
            .ToDictionaryAsync(c => (c.Email, c.Kind), c => c.On, ct);
}
