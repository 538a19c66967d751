using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Grpc;
using PlanServices.Pillars.Papers;

namespace PlanServices.Pillars.Tests;

/// <summary>Every domain value reaches the proto value of the same name, and no two share one.</summary>
public sealed class ProtoEnumsTests
{
    private static void AllMapByName<TDomain, TProto>(Func<TDomain, TProto> map, Func<TDomain, string>? expected = null)
        where TDomain : struct, Enum where TProto : struct, Enum
    {
        var values = Enum.GetValues<TDomain>();
        var mapped = values.Select(map).ToList();
        Assert.Equal(values.Select(v => expected?.Invoke(v) ?? v.ToString()), mapped.Select(p => p.ToString()));
        Assert.Equal(mapped.Count, mapped.Distinct().Count());
        Assert.DoesNotContain(mapped, p => p.ToString() == "Unspecified");
    }

    [Fact]
    public void Every_enum_the_pillar_api_carries_maps_value_by_value()
    {
        AllMapByName<Unit, Plan.Pillar.V1.Unit>(ProtoEnums.ToProto);
        AllMapByName<Comparison, Plan.Pillar.V1.ComparisonStyle>(ProtoEnums.ToProto);
        AllMapByName<TableLayout, Plan.Pillar.V1.TableLayoutKind>(ProtoEnums.ToProto);
        AllMapByName<VariationKind, Plan.Pillar.V1.Variation>(ProtoEnums.ToProto);
        AllMapByName<AssuranceKind, Plan.Pillar.V1.Assurance>(ProtoEnums.ToProto);
        AllMapByName<SpecialCauseRule, Plan.Pillar.V1.SpecialCauseRule>(ProtoEnums.ToProto);
        AllMapByName<PaperStatus, Plan.Pillar.V1.PaperStatus>(ProtoEnums.ToProto);
        AllMapByName<PaperChange, Plan.Pillar.V1.PaperChange>(ProtoEnums.ToProto);
        AllMapByName<ClaimStatus, Plan.Pillar.V1.ClaimStatus>(ProtoEnums.ToProto);
    }
}
