using System.Globalization;

namespace PlanServices.Common;

/// <summary>A calendar month: the unit every figure's period is made of.</summary>
public readonly record struct Month(int Year, int Number) : IComparable<Month>
{
    public static Month Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>The month of an <see cref="Index"/>: months counted from January of year 0.</summary>
    public static Month FromIndex(int index) => new(Math.DivRem(index, 12, out var month), month + 1);

    /// <summary>Parses <c>YYYY-MM</c>; anything else (a day, a week) is not a whole month.</summary>
    public static bool TryParse(string? text, out Month month)
    {
        month = default;
        if (!DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return false;
        month = Of(day);
        return true;
    }

    public static Month Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month (expected YYYY-MM).");

    public DateOnly FirstDay => new(Year, Number, 1);
    public DateOnly LastDay => new(Year, Number, DateTime.DaysInMonth(Year, Number));
    public int Index => Year * 12 + Number - 1;
    public Month Plus(int months) => Of(FirstDay.AddMonths(months));
    public string Name => FirstDay.ToString("MMMM", CultureInfo.InvariantCulture);
    public int CompareTo(Month other) => Index.CompareTo(other.Index);
    public static bool operator <(Month a, Month b) => a.Index < b.Index;
    public static bool operator >(Month a, Month b) => a.Index > b.Index;
    public static bool operator <=(Month a, Month b) => a.Index <= b.Index;
    public static bool operator >=(Month a, Month b) => a.Index >= b.Index;
    public override string ToString() => $"{Year:D4}-{Number:D2}";
}

/// <summary>A run of whole months, both ends included.</summary>
public readonly record struct Period(Month From, Month To)
{
    public int Months => To.Index - From.Index + 1;
    public bool Contains(Period other) => From <= other.From && other.To <= To;
    public bool Overlaps(Period other) => From <= other.To && other.From <= To;
    public static Period Single(Month month) => new(month, month);

    /// <summary>Date-range text as the pack prints it: 01/01/2025 – 31/12/2025.</summary>
    public string DateRange => $"{From.FirstDay:dd/MM/yyyy} – {To.LastDay:dd/MM/yyyy}";
    public override string ToString() => From == To ? From.ToString() : $"{From}..{To}";
}
