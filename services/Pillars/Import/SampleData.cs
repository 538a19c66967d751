using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Records;

namespace PlanServices.Pillars.Import;

/// <summary>
/// Imports a sample figures file (docs/sample-data.md): its rows for indicators the catalogue counts from records become
/// the sample records that give those figures (<see cref="SampleRecords"/>); the other rows are imported as figures.
/// </summary>
public static class SampleData
{
    public static Task<string> ImportAsync(IServiceProvider services, string file, string source, CancellationToken ct = default) =>
        ImportAsync(services.GetRequiredService<Catalogue>(), services.GetRequiredService<ObservationImporter>(),
            services.GetRequiredService<RecordImporter>(), file, source, ct);

    public static async Task<string> ImportAsync(Catalogue catalogue, ObservationImporter figureImporter, RecordImporter recordImporter,
        string file, string source, CancellationToken ct = default)
    {
        var figures = new StringBuilder();
        var measured = new List<Observation>();
        foreach (var line in await File.ReadAllLinesAsync(file, ct))
        {
            var fields = line.Split(',');
            if (fields.Length >= 4 && catalogue.Find(fields[0])?.Measure is not null && Month.TryParse(fields[1], out var from) && Month.TryParse(fields[2], out var to))
                measured.Add(new Observation(fields[0], new Period(from, to), decimal.Parse(fields[3], CultureInfo.InvariantCulture)));
            else figures.AppendLine(line);
        }
        var name = Path.GetFileName(file);
        var result = await figureImporter.ImportFileAsync(name, Encoding.UTF8.GetBytes(figures.ToString()), $"{source}: {name}", dryRun: false, ct: ct);
        if (measured.Count == 0) return result.ToString();
        var records = SampleRecords.Generate(catalogue, measured, CountingRules.Default);
        var receipt = await recordImporter.ImportAsync(records.Select((r, i) => ($"sample record {i + 1}", r)).ToAsyncEnumerable(), $"{source}: records made from {name}", ct);
        return $"{result}; {receipt}";
    }
}
