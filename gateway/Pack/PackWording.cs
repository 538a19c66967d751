namespace PlanServices.Gateway.Pack;

/// <summary>The words the pack prints, once, for every renderer (HTML and so PDF, DOCX).</summary>
public static class PackWording
{
    public const string Draft = "DRAFT: this pack contains papers that are not yet published.";
    public const string CorrectionsHeading = "Corrections to this pack";

    public static string Incomplete(IEnumerable<string> missing) =>
        $"This pack is incomplete: {string.Join(", ", missing)} could not be retrieved. The missing parts are marked where they belong.";

    /// <summary>"Version 2 of this pack, published 2 December 2026 (first published 21 April 2026)."</summary>
    public static string Version(Publication publication) => publication.Version == 1
        ? $"Version 1 of this pack, published {PackAssembler.Day(publication.FirstPublished)}."
        : $"Version {publication.Version} of this pack, published {PackAssembler.Day(publication.ThisVersion)} (first published {PackAssembler.Day(publication.FirstPublished)}). The corrections are listed below.";

    public static string Correction(CorrectionEntry correction) => $"Version {correction.Version}, {PackAssembler.Day(correction.On)}: {correction.Reason}";
}
