using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PlanServices.Pillars.Papers;

/// <summary>
/// The narrative of an objective: a subset of Markdown (docs/narrative.md) that prints the same in HTML,
/// PDF and DOCX. Allowed: paragraphs; "- " bullets with one level of sub-bullets; "### " sub-headings
/// (e.g. a month); *italic* and **bold**. Refused: HTML, links, images, code, tables, quotes, numbered
/// lists, deeper nesting and other heading levels.
/// </summary>
public static class Narrative
{
    public const int MaxLength = 50_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    /// <summary>Every way <paramref name="markdown"/> leaves the subset, each naming its line.</summary>
    public static IReadOnlyList<Violation> Check(string markdown)
    {
        if (markdown.Length > MaxLength) return [new("", $"is {markdown.Length:N0} characters; the most is {MaxLength:N0}")];
        var errors = new List<Violation>();
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var block in document) CheckBlock(block, depth: 0, errors);
        return errors;
    }

    private static void CheckBlock(Block block, int depth, List<Violation> errors)
    {
        var at = $"line {block.Line + 1}";
        switch (block)
        {
            case ParagraphBlock paragraph:
                CheckInlines(paragraph.Inline, errors);
                break;
            case HeadingBlock { Level: 3 } heading when depth == 0:
                CheckInlines(heading.Inline, errors);
                break;
            case HeadingBlock heading:
                errors.Add(new(at, depth > 0
                    ? "a sub-heading cannot sit inside a bullet"
                    : $"only '###' sub-headings are allowed (found level {heading.Level})"));
                break;
            case ListBlock { IsOrdered: true }:
                errors.Add(new(at, "numbered lists are not allowed; use '- ' bullets"));
                break;
            case ListBlock when depth >= 2:
                errors.Add(new(at, "bullets may have one level of sub-bullets, not more"));
                break;
            case ListBlock list:
                foreach (var item in list.OfType<ListItemBlock>())
                    foreach (var child in item) CheckBlock(child, depth + 1, errors);
                break;
            case BlankLineBlock:
                break;
            default:
                errors.Add(new(at, $"{Describe(block)} is not allowed in a narrative"));
                break;
        }
    }

    private static void CheckInlines(ContainerInline? inlines, List<Violation> errors)
    {
        if (inlines is null) return;
        foreach (var inline in inlines.Descendants())
        {
            var at = $"line {inline.Line + 1}";
            switch (inline)
            {
                case LiteralInline or EmphasisInline or LineBreakInline or HtmlEntityInline:
                    break;
                case HtmlInline:
                    errors.Add(new(at, "HTML is not allowed; write plain text"));
                    break;
                case LinkInline { IsImage: true }:
                    errors.Add(new(at, "images are not allowed"));
                    break;
                case LinkInline or AutolinkInline:
                    errors.Add(new(at, "links are not allowed; name the source in words"));
                    break;
                case CodeInline:
                    errors.Add(new(at, "code is not allowed"));
                    break;
                default:
                    errors.Add(new(at, $"{inline.GetType().Name.Replace("Inline", "", StringComparison.Ordinal).ToLowerInvariant()} is not allowed"));
                    break;
            }
        }
    }

    private static string Describe(Block block) => block switch
    {
        HtmlBlock => "HTML",
        CodeBlock => "a code block",
        QuoteBlock => "a quote",
        ThematicBreakBlock => "a horizontal rule",
        _ => block.GetType().Name.Replace("Block", "", StringComparison.Ordinal).ToLowerInvariant(),
    };
}
