namespace PlanServices.Pillars.Import;

/// <summary>The <c>import</c> command line: imports each file in turn, showing progress on stderr.</summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(ObservationImporter importer, IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                await using var stream = File.OpenRead(file);
                var result = await importer.ImportAsync(stream, Path.GetFileName(file), new ConsoleProgress(file));
                Console.WriteLine(result.ChangedSomething ? result.ToString() : $"{result} (already imported: nothing changed)");
            }
            catch (ImportRejectedException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
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
