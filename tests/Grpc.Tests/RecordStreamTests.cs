using Microsoft.EntityFrameworkCore;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Grpc.Tests;

/// <summary>A stock grpc-js client streaming the Constabulary's records (protos/records/v1/records.proto) to a pillar over real HTTP/2.</summary>
public sealed class RecordStreamTests : IAsyncLifetime
{
    private ServiceServer<PreventingCrime.Host> _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServiceServer<PreventingCrime.Host>("preventing-crime");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Grpc_js_streams_a_million_crime_records_in_one_batch_and_the_papers_months_are_untouched()
    {
        var client = _server.CreateClient();
        var april = (await client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" })).Tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => c.Text).ToList();
        var before = await _server.WithDbAsync(db => db.Records.CountAsync());

        var (code, details, receipt) = await Node.CallAsync(_server.GrpcTarget, "records", "1000000");
        Assert.True(code == 0, details);
        Assert.Equal((1_000_000, 1_000_000, 0, 0), (receipt.GetProperty("received").GetInt64(), receipt.GetProperty("added").GetInt64(),
            receipt.GetProperty("revised").GetInt64(), receipt.GetProperty("unchanged").GetInt64()));
        Assert.Equal(("2010-01", "2014-12"), (receipt.GetProperty("changedFrom").GetString(), receipt.GetProperty("changedTo").GetString()));
        Assert.Equal(before + 1_000_000, await _server.WithDbAsync(db => db.Records.CountAsync()));

        // 2010 to 2014 are months no window of the April paper reaches: its tables are as they were.
        Assert.Equal(april, (await client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" })).Tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => c.Text));
        // Of every 1,826 days' crimes cycling through six offences, residential burglaries (28E, 28F) are a third.
        var burglaries = await _server.WithDbAsync(db => db.Records.CountAsync(r => r.Reference.StartsWith("GJ/") && (r.Code == "28E" || r.Code == "28F")));
        Assert.Equal(333_334, burglaries);
    }

    [Fact]
    public async Task Another_prioritys_command_area_may_not_send_records_here()
    {
        var before = await _server.WithDbAsync(db => db.Records.CountAsync());
        var (code, details, _) = await Node.CallAsync(_server.GrpcTarget, "records", "3", token: TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["reducing-harm"], "Analyst, Reducing Harm"));
        Assert.Equal((int)global::Grpc.Core.StatusCode.PermissionDenied, code);
        Assert.Equal(before, await _server.WithDbAsync(db => db.Records.CountAsync()));
    }
}
