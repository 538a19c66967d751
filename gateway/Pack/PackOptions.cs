namespace PlanServices.Gateway.Pack;

/// <summary>Where the services are and what the pack's standing text says; the "Pack" section.</summary>
public sealed class PackOptions
{
    public const string Section = "Pack";

    /// <summary>Deadline of each call made to assemble a pack.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The enquiries block of the front page.</summary>
    public List<string> Contact { get; set; } = [];

    /// <summary>The notice on obtaining the document in other languages: language tag → text.</summary>
    public Dictionary<string, string> LanguageNotices { get; set; } = [];

    /// <summary>How long an assembled pack is kept at most; events clear it sooner.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The public address of the site, for links in the feeds (<c>https://…</c> in production, behind its proxy); empty: the
    /// address the request came to.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How many bytes of published files the gateway keeps in memory (they never change once published).</summary>
    public long PublishedCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many public forms (questions, subscriptions) one address may send per <see cref="FormsWindow"/>.</summary>
    public int FormsPerWindow { get; set; } = 10;

    public TimeSpan FormsWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many searches one address may make per minute.</summary>
    public int SearchesPerMinute { get; set; } = 60;

    /// <summary>Chromium for PDFs (Debian's package).</summary>
    public string Chromium { get; set; } = "/usr/bin/chromium";

    /// <summary>pdftotext (poppler-utils), used to find the page each agenda item starts on.</summary>
    public string PdfToText { get; set; } = "/usr/bin/pdftotext";
}
