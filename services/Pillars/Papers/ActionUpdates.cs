using Microsoft.EntityFrameworkCore;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Papers;

/// <summary>
/// The OPCCN's open actions for this priority, as Accountability last told them, and the command area's updates to
/// them: each sent to Accountability as an event (written with the outbox), which records it in the action log.
/// </summary>
public sealed class ActionUpdates(PillarDb db, Catalogue catalogue)
{
    public const int MaxText = 20_000;

    public async Task<IReadOnlyList<OpenActionRow>> OpenAsync(CancellationToken ct) =>
        await db.OpenActions.AsNoTracking().Where(a => a.Status != "Closed").OrderBy(a => a.Number).ToListAsync(ct);

    /// <summary>Sends <paramref name="text"/> as <paramref name="author"/>'s update to open action <paramref name="number"/>; returns the event's id.</summary>
    public async Task<Guid> SubmitAsync(int number, string text, string author, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new RefusedException(Refusal.Invalid, "text", "required");
        if (text.Length > MaxText) throw new RefusedException(Refusal.Invalid, "text", $"longer than {MaxText:N0} characters");
        if (!await db.OpenActions.AnyAsync(a => a.Number == number && a.Status != "Closed", ct))
            throw new RefusedException(Refusal.NotFound, "number", $"action {number} is not open for {catalogue.Pillar}");
        var submitted = new ActionUpdateSubmitted(number, catalogue.Pillar, text.Trim(), author);
        db.Publish(Topics.ActionUpdateSubmitted, submitted);
        await db.SaveChangesAsync(ct);
        return submitted.Id;
    }
}
