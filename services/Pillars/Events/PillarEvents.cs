using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Contracts.Events;
using PlanServices.Eventing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Papers;

namespace PlanServices.Pillars.Events;

/// <summary>
/// What a pillar does with the events it subscribes to (docs/events.md). Each handler runs in a transaction
/// with the inbox, so a redelivered event has no second effect, and none relies on delivery order:
/// an action update older than the copy held is ignored, and one that arrives before its action is retried.
/// </summary>
public static class PillarEvents
{
    public const string Author = "event: meeting-scheduled";

    public static IEndpointRouteBuilder MapPillarEvents(this IEndpointRouteBuilder app)
    {
        app.MapEvent<MeetingScheduled, PillarDb>(Topics.MeetingScheduled, async (e, services, ct) =>
        {
            if (!ReportingPeriod.TryParse(e.PeriodEnd, out var period, out var error)) throw new PoisonMessageException($"period_end: {error}");
            await services.GetRequiredService<PaperWorkflow>().OpenAsync(period, e.MeetingId,
                $"{e.Title}, {e.Date.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}", Author, ct,
                e.PapersSubmittedTo, e.PapersOriginator);
        });

        app.MapEvent<ActionRaised, PillarDb>(Topics.ActionRaised, async (e, services, ct) =>
        {
            var (db, pillar) = Resolve(services);
            if (e.Owner != pillar || await db.OpenActions.AnyAsync(a => a.Number == e.Number, ct)) return;
            db.OpenActions.Add(new OpenActionRow { Number = e.Number, MeetingId = e.MeetingId, DateRaised = e.DateRaised, Description = e.Description, Status = "New", HistoryLength = 1 });
        });

        app.MapEvent<ActionUpdated, PillarDb>(Topics.ActionUpdated, async (e, services, ct) =>
        {
            var (db, pillar) = Resolve(services);
            if (e.Owner != pillar) return;
            var action = await db.OpenActions.SingleOrDefaultAsync(a => a.Number == e.Number, ct)
                ?? throw new InvalidOperationException($"action {e.Number} has not arrived yet");
            if (e.HistoryLength <= action.HistoryLength) return;
            (action.Status, action.LastUpdate, action.HistoryLength) = (e.Status, e.Text, e.HistoryLength);
        });

        app.MapEvent<FiguresChanged, PillarDb>(Topics.FiguresChanged, async (e, services, ct) =>
        {
            var (_, pillar) = Resolve(services);
            if (e.Pillar != pillar) return;
            if (!Month.TryParse(e.From, out var from) || !Month.TryParse(e.To, out var to)) throw new PoisonMessageException($"from, to: '{e.From}'..'{e.To}' are not months");
            await services.GetRequiredService<PaperWorkflow>().ReviseApprovedAsync(new Period(from, to), ct);
        });

        app.MapEvent<PackPublished, PillarDb>(Topics.PackPublished, async (e, services, ct) =>
        {
            if (!ReportingPeriod.TryParse(e.PeriodEnd, out var period, out var error)) throw new PoisonMessageException($"period_end: {error}");
            await services.GetRequiredService<PaperWorkflow>().PublishWithPackAsync(period, e.MeetingId, ct);
        });
        return app;
    }

    private static (PillarDb Db, string Pillar) Resolve(IServiceProvider services) =>
        (services.GetRequiredService<PillarDb>(), services.GetRequiredService<Catalogue>().Pillar);
}
