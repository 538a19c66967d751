using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Accountability.Data;
using PlanServices.Accountability.Domain;

namespace PlanServices.Accountability.Notifications;

/// <summary>
/// Looks every <c>Notifications:ScanInterval</c> for papers falling late (a meeting still to come whose deadline has
/// passed, its pack not published, the paper not approved) and open actions falling due (within
/// <c>Notifications:ActionDueDays</c> of their due date) or overdue, and records the mails in one transaction. The
/// mails are the record that the state was noticed: each paper and meeting, and each action, due date and state, is
/// told once.
/// </summary>
public sealed class DeadlineWatch(IServiceProvider services, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<DeadlineWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScanInterval);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for late papers and actions falling due failed; trying again in {Interval}", options.Value.ScanInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task ScanAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountabilityDb>();
        var readiness = scope.ServiceProvider.GetRequiredService<PackReadinessBook>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        foreach (var meeting in await db.Meetings.AsNoTracking().Where(m => m.PackPublishedAt == null).OrderBy(m => m.Date).ToListAsync(ct))
            if (await PackReadinessBook.InPreparationAsync(db, meeting, today, ct))
                foreach (var paper in (await readiness.GetAsync(meeting.Id, ct)).Papers.Where(p => p.Late))
                    await notifier.PaperLateAsync(meeting.Id, paper, ct);

        var soon = today.AddDays(options.Value.ActionDueDays);
        var falling = await db.Actions.AsNoTracking().Where(a => a.Status != ActionState.Closed && a.DueDate != null && a.DueDate <= soon)
            .OrderBy(a => a.Number).ToListAsync(ct);
        foreach (var action in falling)
            await notifier.ActionFallingDueAsync(action, overdue: action.DueDate < today, ct);
        await db.SaveChangesAsync(ct);
    }
}
