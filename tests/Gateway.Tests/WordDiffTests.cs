using PlanServices.Gateway.Web;

namespace PlanServices.Gateway.Tests;

/// <summary>The approval page's word diff: what a narrative lost and gained, the rest as written.</summary>
public sealed class WordDiffTests
{
    [Fact]
    public void A_changed_figure_is_marked_on_each_side_and_the_rest_is_kept_as_written()
    {
        var sides = WordDiff.Compare("Solved rose to 10.4% this  quarter.", "Solved rose to 10.6% this  quarter, a record.");
        Assert.Equal("Solved rose to <del>10.4%</del> this  <del>quarter.</del>", sides.OldHtml);
        Assert.Equal("Solved rose to <ins>10.6%</ins> this  <ins>quarter,</ins> <ins>a</ins> <ins>record.</ins>", sides.NewHtml);
        Assert.True(sides.Changed);
    }

    [Theory]
    [InlineData("", "New text", "", "<ins>New</ins> <ins>text</ins>")]
    [InlineData("Old text", "", "<del>Old</del> <del>text</del>", "")]
    [InlineData("Same <b> & text", "Same <b> & text", "Same &lt;b&gt; &amp; text", "Same &lt;b&gt; &amp; text")]
    public void Empty_and_unchanged_texts_and_markup_in_them(string before, string after, string oldHtml, string newHtml)
    {
        var sides = WordDiff.Compare(before, after);
        Assert.Equal((oldHtml, newHtml, before != after), (sides.OldHtml, sides.NewHtml, sides.Changed));
    }

    [Fact]
    public void Two_narratives_at_the_editor_s_limit_compare_without_a_table_of_every_pair_of_words()
    {
        var words = Enumerable.Range(0, 8_000).Select(i => $"w{i % 997}").ToArray();
        var before = string.Join(' ', words);
        var after = string.Join(' ', words.Select((w, i) => i % 500 == 0 ? "changed" : w));
        var sides = WordDiff.Compare(before, after);
        Assert.Equal(words.Length / 500, System.Text.RegularExpressions.Regex.Matches(sides.NewHtml, "<ins>changed</ins>").Count);
        Assert.Equal(before, System.Net.WebUtility.HtmlDecode(sides.OldHtml.Replace("<del>", "").Replace("</del>", "")));
    }
}
