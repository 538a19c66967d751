namespace PlanServices.Common;

/// <summary>Norfolk's local time (Europe/London), in which meetings are held and dates are read.</summary>
public static class Norfolk
{
    public const string TimeZoneId = "Europe/London";

    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The date it is in Norfolk at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>Norfolk's seven districts, numbered 1 to 7 in this order (the record contract's <c>District</c>).</summary>
    public static readonly IReadOnlyList<string> Districts =
        ["Breckland", "Broadland", "Great Yarmouth", "King's Lynn and West Norfolk", "North Norfolk", "Norwich", "South Norfolk"];

    /// <summary>A district's number (1 to 7) by its name, its slug (<c>kings-lynn-and-west-norfolk</c>) or its number; 0 when none matches.</summary>
    public static int District(string? text)
    {
        var t = text?.Trim() ?? "";
        if (int.TryParse(t, out var number)) return number is >= 1 and <= 7 ? number : 0;
        for (var i = 0; i < Districts.Count; i++)
            if (string.Equals(t, Districts[i], StringComparison.OrdinalIgnoreCase) || string.Equals(t, DistrictSlug(i + 1), StringComparison.OrdinalIgnoreCase))
                return i + 1;
        return 0;
    }

    /// <summary>A district's name in URLs and files: "kings-lynn-and-west-norfolk".</summary>
    public static string DistrictSlug(int district) =>
        Districts[district - 1].ToLowerInvariant().Replace("'", "").Replace(' ', '-');
}
