using System.ComponentModel.DataAnnotations;

namespace PlanServices.Pillars.Extensions;

/// <summary>Settings of a pillar host, bound from the "Pillar" section and validated on start.</summary>
public sealed class PillarOptions
{
    public const string Section = "Pillar";

    /// <summary>The pillar's id, e.g. preventing-crime; also the name of its connection string (storage: the "Storage" section).</summary>
    [Required] public string Name { get; set; } = "";

    /// <summary>The catalogue file, relative to the host's content root.</summary>
    [Required] public string Catalogue { get; set; } = "catalogue.yaml";

    /// <summary>Import the sample files into an empty store on start (the one-command run does).</summary>
    public bool SeedSample { get; set; }

    /// <summary>Who signs the pillar's papers off, as a new paper's cover names them.</summary>
    [Required] public string Originator { get; set; } = "Deputy Chief Constable";

    /// <summary>The folder of sample observation files, relative to the content root.</summary>
    [Required] public string SampleDirectory { get; set; } = "sample";
}
