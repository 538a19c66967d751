using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Papers;
using Proto = Plan.Pillar.V1;

namespace PlanServices.Pillars.Grpc;

/// <summary>Each domain enum to its proto enum, value by value: reordering either side cannot change what a value means.</summary>
public static class ProtoEnums
{
    public static Proto.Unit ToProto(Unit unit) => unit switch
    {
        Unit.Count => Proto.Unit.Count,
        Unit.Rate => Proto.Unit.Rate,
        Unit.Mean => Proto.Unit.Mean,
        Unit.Duration => Proto.Unit.Duration,
        Unit.Money => Proto.Unit.Money,
        Unit.Stock => Proto.Unit.Stock,
        Unit.Median => Proto.Unit.Median,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    public static Proto.ComparisonStyle ToProto(Comparison comparison) => comparison switch
    {
        Comparison.Percent => Proto.ComparisonStyle.Percent,
        Comparison.PercentagePoints => Proto.ComparisonStyle.PercentagePoints,
        Comparison.Absolute => Proto.ComparisonStyle.Absolute,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null),
    };

    public static Proto.TableLayoutKind ToProto(TableLayout layout) => layout switch
    {
        TableLayout.Comparison => Proto.TableLayoutKind.Comparison,
        TableLayout.Difference => Proto.TableLayoutKind.Difference,
        TableLayout.MonthlySeries => Proto.TableLayoutKind.MonthlySeries,
        TableLayout.MonthlyMeasures => Proto.TableLayoutKind.MonthlyMeasures,
        TableLayout.Snapshot => Proto.TableLayoutKind.Snapshot,
        TableLayout.Budget => Proto.TableLayoutKind.Budget,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    public static Proto.Variation ToProto(VariationKind variation) => variation switch
    {
        VariationKind.NotEnoughData => Proto.Variation.NotEnoughData,
        VariationKind.CommonCause => Proto.Variation.CommonCause,
        VariationKind.SpecialCauseImproving => Proto.Variation.SpecialCauseImproving,
        VariationKind.SpecialCauseConcerning => Proto.Variation.SpecialCauseConcerning,
        VariationKind.SpecialCauseNeither => Proto.Variation.SpecialCauseNeither,
        _ => throw new ArgumentOutOfRangeException(nameof(variation), variation, null),
    };

    public static Proto.Assurance ToProto(AssuranceKind assurance) => assurance switch
    {
        AssuranceKind.NotApplicable => Proto.Assurance.NotApplicable,
        AssuranceKind.ConsistentlyPassing => Proto.Assurance.ConsistentlyPassing,
        AssuranceKind.ConsistentlyFailing => Proto.Assurance.ConsistentlyFailing,
        AssuranceKind.Inconsistent => Proto.Assurance.Inconsistent,
        _ => throw new ArgumentOutOfRangeException(nameof(assurance), assurance, null),
    };

    public static Proto.SpecialCauseRule ToProto(SpecialCauseRule rule) => rule switch
    {
        SpecialCauseRule.OutsideLimits => Proto.SpecialCauseRule.OutsideLimits,
        SpecialCauseRule.Shift => Proto.SpecialCauseRule.Shift,
        SpecialCauseRule.Trend => Proto.SpecialCauseRule.Trend,
        SpecialCauseRule.TwoOfThree => Proto.SpecialCauseRule.TwoOfThree,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    public static Proto.PaperStatus ToProto(PaperStatus status) => status switch
    {
        PaperStatus.Draft => Proto.PaperStatus.Draft,
        PaperStatus.Submitted => Proto.PaperStatus.Submitted,
        PaperStatus.Approved => Proto.PaperStatus.Approved,
        PaperStatus.Published => Proto.PaperStatus.Published,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static Proto.PaperChange ToProto(PaperChange change) => change switch
    {
        PaperChange.Opened => Proto.PaperChange.Opened,
        PaperChange.Edited => Proto.PaperChange.Edited,
        PaperChange.Submitted => Proto.PaperChange.Submitted,
        PaperChange.Approved => Proto.PaperChange.Approved,
        PaperChange.Returned => Proto.PaperChange.Returned,
        PaperChange.Published => Proto.PaperChange.Published,
        PaperChange.Corrected => Proto.PaperChange.Corrected,
        PaperChange.FiguresRevised => Proto.PaperChange.FiguresRevised,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    public static Proto.ClaimStatus ToProto(ClaimStatus status) => status switch
    {
        ClaimStatus.Matches => Proto.ClaimStatus.Matches,
        ClaimStatus.Contradicts => Proto.ClaimStatus.Contradicts,
        ClaimStatus.Unlinked => Proto.ClaimStatus.Unlinked,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
