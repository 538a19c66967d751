using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Accountability.V1;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// The audit log for the OPCCN: who signed in (the embedded identity provider's log), imported figures, submitted,
/// approved, returned, published and corrected papers, published agendas and packs and corrected packs (Accountability's
/// log, fed by the pillars' events), newest first.
/// </summary>
[Authorize(Roles = Roles.Opccn)]
public sealed class AuditModel(AppData data, UserCalls calls, IHttpClientFactory clients, ILogger<AuditModel> logger) : PageModel
{
    public const int Shown = 300;

    public sealed record Entry(DateTimeOffset At, string Who, string Action, string Subject, string Detail);

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    /// <summary>Why sign-ins are not listed, when the authority keeps no log this page can read (Entra ID keeps its own).</summary>
    public string? SignInsMissing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var log = await data.Accountability.ListAuditAsync(new ListAuditRequest { Limit = Shown }, await data.AsUserAsync(), cancellationToken: ct);
        var entries = log.Entries.Select(e => new Entry(DateTimeOffset.Parse(e.At, CultureInfo.InvariantCulture), e.Who, e.Action, e.Subject, e.Detail)).ToList();
        entries.AddRange(await SignInsAsync(ct));
        Entries = [.. entries.OrderByDescending(e => e.At).Take(Shown)];
    }

    private async Task<IEnumerable<Entry>> SignInsAsync(CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"?limit={Shown}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await calls.TokenAsync());
            using var response = await clients.CreateClient(WebApp.AuditModelClient).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<List<SignInEntry>>(ct) ?? [])
                    .Select(s => new Entry(s.At, s.Who, s.Outcome, "the web application", $"from {s.Address}"));
            SignInsMissing = "The identity provider keeps no sign-in log here: look in its own (Entra ID's sign-in logs).";
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TimeoutException
            or Polly.CircuitBreaker.BrokenCircuitException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "the identity provider's sign-in log could not be read");
            SignInsMissing = "The identity provider's sign-in log could not be read just now; the other entries are complete.";
        }
        return [];
    }

    private sealed record SignInEntry(DateTimeOffset At, string Who, string Address, string Outcome);
}
