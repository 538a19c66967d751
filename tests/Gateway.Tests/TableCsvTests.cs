using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Tests;

/// <summary>A table's CSV where the pack prints money in parentheses and times as clocks.</summary>
public sealed class TableCsvTests
{
    private static PackRow Row(string label, params string[] cells) => new("", label, cells.Select(c => new PackCell(c, null, null)).ToList(), false);

    [Fact]
    public void Money_in_parentheses_is_negative_and_a_clock_is_its_seconds()
    {
        var budget = new PackTable(1, "budget", "Budget", ["Service area", "Budget £000", "Outturn £000", "Over(-)/Under spend £000", "Over(-)/Under spend %"], 1,
            [Row("Policing", "277,800", "279,050", "(1,250)", "(0.45%)"), Row("Office of the PCC", "1,520", "1,480", "40", "2.63%"), Row("Nothing yet", "Data not available", "1", "Not applicable", "Not applicable")],
            "", "");
        Assert.Equal(
            "Service area,Budget £000,Outturn £000,Over(-)/Under spend £000,Over(-)/Under spend %\r\n" +
            "Policing,277800,279050,-1250,-0.45\r\n" +
            "Office of the PCC,1520,1480,40,2.63\r\n" +
            "Nothing yet,,1,,\r\n", TableCsv.Text(budget));

        var times = new PackTable(2, "outcomes", "Medians", ["Indicator", "Last 12 months", "Previous 12 months", "Change"], 1,
            [Row("Median time to attend", "101:05:09", "83:20:00", "-17:45:09")], "", "");
        Assert.Equal(
            "Indicator,Last 12 months (seconds),Previous 12 months (seconds),Change (seconds)\r\n" +
            "Median time to attend,363909,300000,-63909\r\n", TableCsv.Text(times));
        Assert.Equal([0xEF, 0xBB, 0xBF], TableCsv.Render(times)[..3]);
    }
}
