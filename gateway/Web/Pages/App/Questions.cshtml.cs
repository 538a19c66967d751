using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// The public's questions to a meeting, for the OPCCN to accept (listed on the meeting's public page, then answered in
/// the minutes) or reject with a reason the asker is emailed. The waiting ones come first.
/// </summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class QuestionsModel(AppData data) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public Meeting Meeting { get; private set; } = null!;
    public IReadOnlyList<PublicQuestion> Questions { get; private set; } = [];
    public IReadOnlyList<string> Refusals { get; private set; } = [];
    public string Done { get; private set; } = "";

    public IEnumerable<PublicQuestion> Waiting => Questions.Where(q => q.Status == QuestionStatus.Pending);
    public IEnumerable<PublicQuestion> Decided => Questions.Where(q => q.Status != QuestionStatus.Pending);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long question, bool accept, string? reason, CancellationToken ct)
    {
        try
        {
            var decided = await data.Accountability.ModerateQuestionAsync(new ModerateQuestionRequest { Id = question, Accept = accept, Reason = reason ?? "" },
                await data.AsUserAsync(), cancellationToken: ct);
            Done = accept
                ? $"{decided.Name}'s question is accepted: it is listed on the meeting's public page, and {decided.Name} is emailed."
                : $"{decided.Name}'s question is rejected, and {decided.Name} is emailed the reason.";
        }
        catch (RpcException e) when (AppData.Refused(e))
        {
            Refusals = AppData.Sentences(e);
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if ((await data.MeetingsAsync(ct)).FirstOrDefault(m => m.Id == Id) is not { } meeting) return false;
        Meeting = meeting;
        Questions = (await data.Accountability.ListQuestionsAsync(new ListQuestionsRequest { MeetingId = Id }, await data.AsUserAsync(), cancellationToken: ct)).Questions;
        return true;
    }

    public static string Status(PublicQuestion q) => q.Status switch
    {
        QuestionStatus.Accepted => $"Accepted by {q.ModeratedBy}",
        QuestionStatus.Rejected => $"Rejected by {q.ModeratedBy}: {q.Reason}",
        _ => "Waiting",
    };
}
