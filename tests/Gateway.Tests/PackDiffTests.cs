using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Tests;

/// <summary>How a correction words a change to the action log: as a reader comparing the two logs would say it.</summary>
public sealed class PackDiffTests
{
    private static PackDocument Pack(params ActionLine[] actions) => new("pam-2026-04-21", false, [],
        new FrontPage("PCC Accountability Meeting", "", new DateOnly(2026, 4, 21), "2:00pm", "Wymondham", "1 October 2025 to 31 December 2025", [], [], [], []),
        null, new ActionLogSection(actions, new DateOnly(2026, 4, 21)), [], "");

    private static ActionLine Action(int number, string updates, string status) => new(number, new DateOnly(2026, 1, 19), "Meet about 999 demand.",
        "reducing-harm", string.Join(" ", new[] { updates, PackWording.ActionStatus(status) }.Where(t => t.Length > 0)), status);

    [Fact]
    public void An_action_s_change_names_its_status_and_the_update_added()
    {
        var changes = PackDiff.Changes(
            Pack(Action(25, "", "New"), Action(24, "The survey has 900 responses.", "Live"), Action(16, "", "Live")),
            Pack(Action(25, "The PCC and CC met on 3 June.", "Closed"), Action(24, "The survey has 1,200 responses.", "Live"), Action(26, "", "New")));
        Assert.Equal(
        [
            "Action 25: status New → Closed; update added: “The PCC and CC met on 3 June.”",
            "Action 24: update “The survey has 900 responses.” → “The survey has 1,200 responses.”",
            "Action 26: added to the action log: “Meet about 999 demand.”",
            "Action 16: no longer in the action log",
        ], changes);
        Assert.DoesNotContain(changes, c => c.Contains("Action Live.", StringComparison.Ordinal));
    }

    [Fact]
    public void An_action_published_before_owners_titles_were_recorded_is_not_a_change_and_a_new_owner_is_named()
    {
        var old = Action(24, "The survey has 900 responses.", "Live");
        Assert.Empty(PackDiff.Changes(Pack(old), Pack(old with { OwnerTitle = "Reducing Harm" })));
        Assert.Equal(["Action 24: owner reducing-harm → OPCCN"],
            PackDiff.Changes(Pack(old), Pack(old with { Owner = "opccn", OwnerTitle = "OPCCN" })));
    }
}
