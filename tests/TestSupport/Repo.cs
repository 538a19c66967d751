namespace PlanServices.Testing;

/// <summary>Paths inside the repository, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static readonly string[] PillarHosts = ["PreventingCrime", "CohesiveCommunities", "ReducingHarm"];

    public static string Catalogue(string host) => Path("services", host, "catalogue.yaml");

    /// <summary>A pillar host's sample figures as the one-command run seeds them: the monthly history (docs/sample-data.md).</summary>
    public static string Sample(string host) => Path("services", host, "sample", "history.csv");

    /// <summary>
    /// The figures of a pillar host's sample as the April 2026 pack published them: its tables' totals over windows (and some
    /// months), and figures only its prose gives.
    /// </summary>
    public static IReadOnlyList<string> Published(string host) =>
        Directory.GetFiles(Path("services", host, "sample", "published"), "*.csv").Order(StringComparer.Ordinal).ToList();

    /// <summary>The suite's shape as deploy/suite.json gives it.</summary>
    public static ServiceDefaults.SuiteShape Shape { get; } = ServiceDefaults.SuiteShape.Load(Path("deploy", ServiceDefaults.SuiteShape.FileName));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PlanServices.sln"))) return dir.FullName;
        throw new InvalidOperationException("PlanServices.sln not found above " + AppContext.BaseDirectory);
    }
}
