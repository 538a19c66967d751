using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PlanServices.Testing;

namespace PlanServices.Gateway.Tests;

/// <summary>The April 2026 pack carries each paper's checked claims in its JSON and a "figures checked" statement in print.</summary>
[Collection(SuiteCollection.Name)]
public sealed class ClaimsPackTests(Suite suite)
{
    private const string Pack = "/packs/pam-2026-04-21";

    private async Task<string> GetAsync(string path)
    {
        using var http = suite.GatewayHttp();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Each_paper_in_the_json_pack_lists_its_claims_with_their_links_and_status()
    {
        using var pack = JsonDocument.Parse(await GetAsync($"{Pack}.json"));
        var harm = pack.RootElement.GetProperty("papers").EnumerateArray().Single(p => p.GetProperty("pillar").GetString() == "reducing-harm");
        Assert.Equal("Figures checked: the narrative gives 23 figures for this paper's measures. 23 were checked against the data and agree with it.",
            harm.GetProperty("figuresChecked").GetString());
        var claims = harm.GetProperty("objectives").EnumerateArray().SelectMany(o => o.GetProperty("claims").EnumerateArray()).ToList();
        Assert.NotEmpty(claims);
        Assert.All(claims, c => Assert.Equal("matches", c.GetProperty("status").GetString()));
        var disruptions = claims.First(c => c.GetProperty("indicator").GetString() == "soc.disruptions" && c.GetProperty("kind").GetString() == "level");
        Assert.Equal(("185", "reporting quarter", "185"), (disruptions.GetProperty("text").GetString(), disruptions.GetProperty("window").GetString(), disruptions.GetProperty("derived").GetString()));
    }

    [Fact]
    public async Task The_printed_pack_says_the_figures_were_checked()
    {
        var html = WebUtility.HtmlDecode(Regex.Replace(await GetAsync($"{Pack}.html"), "<[^>]+>", " "));
        Assert.Equal(3, Regex.Matches(html, @"Figures checked: the narrative gives \d+ figures for this paper's measures\.").Count);
    }
}
