namespace PlanServices.Common;

/// <summary>Norfolk's local time (Europe/London), in which meetings are held and dates are read.</summary>
public static class Norfolk
{
    public const string TimeZoneId = "Europe/London";

    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The date it is in Norfolk at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());
}
