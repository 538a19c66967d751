using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Plan.Pillar.V1;
using PlanServices.Common;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>
/// A priority's tables for one of Norfolk's seven districts: the figures counted from the Constabulary's records
/// (docs/records.md), for any reporting period. Figures imported as counts are the whole force's and have no district.
/// </summary>
[Authorize]
public sealed class DistrictsModel(AppData data) : PageModel
{
    public IReadOnlyList<string> Pillars => data.Pillars;
    public string Title(string pillar) => data.Title(pillar);
    public string Pillar { get; private set; } = "";
    public string Period { get; private set; } = "";
    public int District { get; private set; }
    public IReadOnlyList<Table> Tables { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(string? pillar, string? period, string? district, CancellationToken ct)
    {
        Pillar = pillar is not null && data.IsPillar(pillar) ? pillar : Pillars[0];
        Period = string.IsNullOrWhiteSpace(period) ? LastQuarter(data.Today) : period.Trim();
        District = Norfolk.District(district);
        if (district is null) return;
        if (District == 0) { Errors = ["Choose one of Norfolk's districts."]; return; }
        try
        {
            var figures = await data.Pillar(Pillar).GetTablesAsync(new GetTablesRequest { PeriodEnd = Period, District = District.ToString() },
                await data.AsUserAsync(), cancellationToken: ct);
            Tables = [.. figures.Tables.Where(t => !PapersModel.Empty(t))];
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            Errors = AppData.Sentences(e);
        }
    }

    /// <summary>The last quarter that has ended: "2026-09" in November 2026.</summary>
    public static string LastQuarter(DateOnly today)
    {
        var month = Month.Of(today).Plus(-1);
        return month.Plus(-(month.Number % 3)).ToString();
    }
}
