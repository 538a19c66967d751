using System.Net;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PlanServices.Gateway.Pack;

/// <summary>A run of narrative text and its emphasis.</summary>
public sealed record TextRun(string Text, bool Italic, bool Bold);

public enum BlockKind { Paragraph, Heading, Bullet, SubBullet }

public sealed record NarrativeBlock(BlockKind Kind, IReadOnlyList<TextRun> Runs);

/// <summary>
/// Reads a narrative (the pillars' Markdown subset, docs/narrative.md) into blocks of plain runs that every
/// renderer prints as text: nothing in a narrative is ever passed through as markup.
/// </summary>
public static class NarrativeText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    public static IReadOnlyList<NarrativeBlock> Blocks(string markdown)
    {
        var blocks = new List<NarrativeBlock>();
        foreach (var block in Markdown.Parse(markdown, Pipeline)) Add(block, 0, blocks);
        return blocks;
    }

    /// <summary>A narrative as HTML: its text encoded, only the subset's structure (paragraphs, bullets, headings, emphasis) as markup.</summary>
    public static string Html(string markdown)
    {
        var html = new StringBuilder();
        var open = 0;
        void Close(int to)
        {
            for (; open > to; open--) html.Append("</li></ul>");
        }
        foreach (var block in Blocks(markdown))
        {
            var level = block.Kind switch { BlockKind.Bullet => 1, BlockKind.SubBullet => 2, _ => 0 };
            if (level == 0) Close(0);
            else if (level > open) { for (; open < level; open++) html.Append("<ul><li>"); }
            else { Close(level); html.Append("</li><li>"); }
            var text = string.Concat(block.Runs.Select(Run));
            html.Append(block.Kind switch
            {
                BlockKind.Heading => $"<h4>{text}</h4>",
                BlockKind.Paragraph => $"<p>{text}</p>",
                _ => text,
            });
        }
        Close(0);
        return html.ToString();
    }

    private static string Run(TextRun run)
    {
        var text = WebUtility.HtmlEncode(run.Text);
        if (run.Bold) text = $"<strong>{text}</strong>";
        if (run.Italic) text = $"<em>{text}</em>";
        return text;
    }

    private static void Add(Block block, int depth, List<NarrativeBlock> blocks)
    {
        switch (block)
        {
            case HeadingBlock heading:
                blocks.Add(new(BlockKind.Heading, Runs(heading.Inline)));
                break;
            case ParagraphBlock paragraph:
                blocks.Add(new(depth switch { 0 => BlockKind.Paragraph, 1 => BlockKind.Bullet, _ => BlockKind.SubBullet }, Runs(paragraph.Inline)));
                break;
            case ListBlock list:
                foreach (var item in list.OfType<ListItemBlock>())
                    foreach (var child in item) Add(child, depth + 1, blocks);
                break;
            case LeafBlock leaf:
                blocks.Add(new(BlockKind.Paragraph, [new TextRun(leaf.Lines.ToString(), false, false)]));
                break;
        }
    }

    private static List<TextRun> Runs(ContainerInline? inlines)
    {
        var runs = new List<TextRun>();
        void Walk(Inline inline, bool italic, bool bold)
        {
            switch (inline)
            {
                case EmphasisInline emphasis:
                    foreach (var child in emphasis) Walk(child, italic || emphasis.DelimiterCount == 1, bold || emphasis.DelimiterCount >= 2);
                    break;
                case ContainerInline container:
                    foreach (var child in container) Walk(child, italic, bold);
                    break;
                case LiteralInline literal:
                    runs.Add(new TextRun(literal.Content.ToString(), italic, bold));
                    break;
                case LineBreakInline:
                    runs.Add(new TextRun(" ", italic, bold));
                    break;
                case HtmlEntityInline entity:
                    runs.Add(new TextRun(entity.Transcoded.ToString(), italic, bold));
                    break;
                case CodeInline code:
                    runs.Add(new TextRun(code.Content, italic, bold));
                    break;
                case HtmlInline html:
                    runs.Add(new TextRun(html.Tag, italic, bold));
                    break;
            }
        }
        if (inlines is not null) foreach (var inline in inlines) Walk(inline, false, false);
        return runs;
    }
}
