using Microsoft.Extensions.DependencyInjection;

namespace PlanServices.Pillars.Import;

/// <summary>
/// The <c>import</c> command line: imports each file in turn, figures (*.csv, showing progress on stderr)
/// or a paper's narrative (*.md).
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                Console.WriteLine(await ImportAsync(services, file, new ConsoleProgress(file)));
            }
            catch (RefusedException e)
            {
                await Console.Error.WriteLineAsync(e.Listing());
                return 1;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"{file}: {e.Message}");
                return 1;
            }
        }
        return 0;
    }

    /// <summary>Imports one file by its kind; returns what it did.</summary>
    public static async Task<string> ImportAsync(IServiceProvider services, string file, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var name = Path.GetFileName(file);
        if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            var papers = services.GetRequiredService<Papers.PaperWorkflow>();
            var (paper, changed) = await Papers.PaperFile.ImportAsync(papers, await File.ReadAllTextAsync(file, ct), name, $"import of {name}", ct);
            return $"{name}: the {paper.PeriodEnd} paper is at version {paper.Version} ({paper.Status})" + (changed ? "" : "; nothing changed");
        }
        await using var stream = File.OpenRead(file);
        var result = await services.GetRequiredService<ObservationImporter>().ImportAsync(stream, name, progress, ct);
        return result.ChangedSomething ? result.ToString() : $"{result} (already imported: nothing changed)";
    }

    /// <summary>One line per stage and every tenth of the way, so large files show they are moving.</summary>
    private sealed class ConsoleProgress(string path) : IProgress<ImportProgress>
    {
        private readonly string file = Path.GetFileName(path);
        private (ImportStage Stage, int Tenth) _last = (ImportStage.Done, -1);

        public void Report(ImportProgress value)
        {
            var tenth = value.Stage == ImportStage.Reading && value.Total > 0 ? (int)Math.Min(10, 10L * value.Done / value.Total) : 0;
            if ((value.Stage, tenth) == _last || value.Stage == ImportStage.Done) return;
            _last = (value.Stage, tenth);
            var stage = value.Stage.ToString().ToLowerInvariant();
            Console.Error.WriteLine(value.Stage == ImportStage.Reading ? $"{file}: {stage} {tenth * 10}%" : $"{file}: {stage} {value.Total:N0} rows");
        }
    }
}
