using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Plan.Accountability.V1;
using PlanServices.Gateway.Web;

namespace PlanServices.Gateway.Pack;

/// <summary>What a public form was sent with, kept to show again beside its errors.</summary>
public sealed record FormState(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors, string Done)
{
    public static readonly FormState Empty = new(new Dictionary<string, string>(), [], "");

    public string this[string field] => Values.TryGetValue(field, out var value) ? value : "";
}

/// <summary>
/// The public side of a meeting (docs/public-side.md): its page once the agenda is published, the form for a public
/// question, and the email alerts (subscribe, confirm, unsubscribe). The forms are rate-limited per address
/// (<see cref="PackOptions.FormsPerWindow"/>) and carry a field people never see: a form that fills it is from a robot, and
/// is thanked without anything being sent on. Subscribing and asking reach Accountability with the gateway's own token.
/// </summary>
public static class MeetingPages
{
    public const string FormsPolicy = "public-forms";

    /// <summary>Searches per client address: each runs the database's full-text engine.</summary>
    public const string SearchPolicy = "search";

    /// <summary>The field hidden from people; robots that fill every field fill it.</summary>
    public const string Trap = "website";

    public static IServiceCollection AddPublicForms(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.AddPolicy(FormsPolicy, http =>
        {
            var options = http.RequestServices.GetRequiredService<IOptions<PackOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.FormsPerWindow, Window = options.FormsWindow, QueueLimit = 0 });
        });
        limiter.AddPolicy(SearchPolicy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptions<PackOptions>>().Value.SearchesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        limiter.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var result = await http.RequestServices.GetRequiredService<PublicPages>().MessageAsync(http, "Too many requests",
                "This address has sent too many forms or searches in a short time. Please wait a few minutes and try again.", StatusCodes.Status429TooManyRequests);
            await result.ExecuteAsync(http);
        };
    });

    public static IEndpointRouteBuilder MapMeetingPages(this IEndpointRouteBuilder app)
    {
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/meetings/{id}", read, (string id, HttpContext http, ServiceClients clients, PublishedFiles files, CancellationToken ct) =>
            id.EndsWith(".ics", StringComparison.Ordinal) ? CalendarAsync(id[..^4], http, clients, ct) : PageAsync(id, http, clients, files, FormState.Empty, ct));
        app.MapPost("/meetings/{id}/questions", AskAsync).RequireRateLimiting(FormsPolicy);
        app.MapMethods("/subscriptions", read, (HttpContext http, PublicPages pages) => pages.SubscriptionAsync(http, SubscriptionStage.Ask, "", FormState.Empty));
        app.MapPost("/subscriptions", SubscribeAsync).RequireRateLimiting(FormsPolicy);
        foreach (var (path, stage) in new[] { ("confirm", SubscriptionStage.Confirm), ("unsubscribe", SubscriptionStage.Unsubscribe) })
        {
            // A link in a mail only shows a button: mail scanners that open links must not confirm or unsubscribe anyone.
            app.MapMethods($"/subscriptions/{path}", read, (string? token, HttpContext http, PublicPages pages) =>
                pages.SubscriptionAsync(http, stage, token ?? "", FormState.Empty));
            // Not rate-limited: a mail provider's one-click unsubscribes come from a few addresses, and a token is 32 random bytes.
            app.MapPost($"/subscriptions/{path}", (string? token, HttpContext http, ServiceClients clients, PublicPages pages, CancellationToken ct) =>
                TokenAsync(stage, token, http, clients, pages, ct));
        }
        return app;
    }

    /// <summary>The meeting's public record, or null when its agenda and its pack are both unpublished.</summary>
    private static async Task<PublicMeeting?> FindAsync(string id, ServiceClients clients, CancellationToken ct) =>
        (await PublicFeeds.PublicMeetingsAsync(clients, ct)).FirstOrDefault(m => m.Meeting.Id == id);

    private static async Task<IResult> PageAsync(string id, HttpContext http, ServiceClients clients, PublishedFiles files, FormState form, CancellationToken ct,
        int status = StatusCodes.Status200OK)
    {
        if (await FindAsync(id, clients, ct) is not { } meeting)
            return NotFoundPages.Result("No such meeting", $"There is no public meeting '{id}'. See the meetings at /meetings.");
        var pack = (await files.IndexAsync(ct)).FirstOrDefault(p => p.MeetingId == id);
        return await http.RequestServices.GetRequiredService<PublicPages>().MeetingAsync(http, meeting, pack, PublicFeeds.Today(http), form, status);
    }

    private static async Task<IResult> CalendarAsync(string id, HttpContext http, ServiceClients clients, CancellationToken ct)
    {
        var meetings = PublicFeeds.Meetings([], await PublicFeeds.PublicMeetingsAsync(clients, ct)).Where(m => m.MeetingId == id).ToList();
        return meetings.Count == 0
            ? NotFoundPages.Result("No such meeting", $"There is no public meeting '{id}'.")
            : Results.Text(PublicFeeds.Calendar(meetings, PublicFeeds.Site(http)), "text/calendar; charset=utf-8", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> AskAsync(string id, HttpContext http, ServiceClients clients, PublishedFiles files, CancellationToken ct)
    {
        var form = await ReadAsync(http, ct, "name", "email", "question");
        if (form.Trapped) return await PageAsync(id, http, clients, files, Thanked, ct);
        try
        {
            await clients.Accountability.AskQuestionAsync(new AskQuestionRequest { MeetingId = id, Name = form["name"], Email = form["email"], Question = form["question"] },
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
            return await PageAsync(id, http, clients, files, Thanked, ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            return await PageAsync(id, http, clients, files, form.State with { Errors = AppData.Sentences(e) }, ct, StatusCodes.Status400BadRequest);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound)
        {
            return NotFoundPages.Result("No such meeting", $"There is no public meeting '{id}' taking questions.");
        }
    }

    private static readonly FormState Thanked = FormState.Empty with
    {
        Done = "Thank you: your question has reached the Police and Crime Commissioner's office. We have emailed you to say so, and will email you again when it is accepted or not.",
    };

    private static async Task<IResult> SubscribeAsync(HttpContext http, ServiceClients clients, PublicPages pages, CancellationToken ct)
    {
        var form = await ReadAsync(http, ct, "email");
        try
        {
            if (!form.Trapped)
                await clients.Accountability.SubscribeAsync(new SubscribeRequest { Email = form["email"] }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
            return await pages.SubscriptionAsync(http, SubscriptionStage.Sent, "", FormState.Empty);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument)
        {
            return await pages.SubscriptionAsync(http, SubscriptionStage.Ask, "", form.State with { Errors = AppData.Sentences(e) }, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Confirms or unsubscribes; a mail program's one-click unsubscribe (RFC 8058) posts here too.</summary>
    private static async Task<IResult> TokenAsync(SubscriptionStage stage, string? token, HttpContext http, ServiceClients clients, PublicPages pages, CancellationToken ct)
    {
        var request = new SubscriptionTokenRequest { Token = token ?? "" };
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        var reply = stage == SubscriptionStage.Confirm
            ? await clients.Accountability.ConfirmSubscriptionAsync(request, options)
            : await clients.Accountability.UnsubscribeAsync(request, options);
        var done = reply.Outcome switch
        {
            SubscriptionReply.Types.Outcome.Confirmed => SubscriptionStage.Confirmed,
            SubscriptionReply.Types.Outcome.Unsubscribed => SubscriptionStage.Unsubscribed,
            _ => SubscriptionStage.UnknownToken,
        };
        return await pages.SubscriptionAsync(http, done, "", FormState.Empty, done == SubscriptionStage.UnknownToken ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private sealed record SentForm(FormState State, bool Trapped)
    {
        public string this[string field] => State[field];
    }

    /// <summary>The form's fields (each cut to a sane length) and whether the hidden one was filled.</summary>
    private static async Task<SentForm> ReadAsync(HttpContext http, CancellationToken ct, params string[] fields)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var values = fields.ToDictionary(f => f, f => form[f].ToString() is { Length: > 10_000 } long_ ? long_[..10_000] : form[f].ToString());
        return new SentForm(FormState.Empty with { Values = values }, form[Trap].ToString().Length > 0);
    }
}

/// <summary>Where a person is in subscribing or leaving the alerts.</summary>
public enum SubscriptionStage { Ask, Sent, Confirm, Confirmed, Unsubscribe, Unsubscribed, UnknownToken }
