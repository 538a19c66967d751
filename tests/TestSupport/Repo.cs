namespace PlanServices.Testing;

/// <summary>Paths inside the repository, found from the test assembly's folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static readonly string[] PillarHosts = ["PreventingCrime", "CohesiveCommunities", "ReducingHarm"];

    public static string Catalogue(string host) => Path("services", host, "catalogue.yaml");

    public static string Sample(string host) => Path("services", host, "sample", "pam-2026-04.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PlanServices.sln"))) return dir.FullName;
        throw new InvalidOperationException("PlanServices.sln not found above " + AppContext.BaseDirectory);
    }
}
