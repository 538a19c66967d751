using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Papers;
using Proto = Plan.Pillar.V1;

namespace PlanServices.Pillars.Grpc;

/// <summary>Papers between the pillar API's messages and the workflow.</summary>
public static class PaperGrpc
{
    public static async Task<Proto.Paper> Run(Catalogue catalogue, Func<Task<PaperVersion>> operation) =>
        ToProto(catalogue, await operation());

    public static PaperContent Content(Proto.CoverBlock? cover, IEnumerable<Proto.ObjectiveNarrative> narratives, bool replace,
        IEnumerable<Proto.TableNote> tableNotes, bool replaceTableNotes)
    {
        var notes = tableNotes.ToList();
        if (notes.GroupBy(n => n.Table).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RefusedException(Refusal.Invalid, "table_notes", $"table '{twice.Key}' is given {twice.Count()} times");
        if (!replaceTableNotes && notes.Count > 0)
            throw new RefusedException(Refusal.Invalid, "table_notes", "set replace_table_notes to replace the table notes");
        var list = narratives.ToList();
        var duplicate = list.GroupBy(n => n.Objective).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new RefusedException(Refusal.Invalid, "narratives", $"objective '{duplicate.Key}' is given {duplicate.Count()} times");
        if (!replace && list.Count > 0)
            throw new RefusedException(Refusal.Invalid, "narratives", "set replace_narratives to replace the narratives");
        return new PaperContent(
            cover is null ? null : new CoverBlock(cover.Originator, cover.ReasonForSubmission, cover.SubmittedTo, cover.Subject, cover.Summary, cover.Recommendation),
            replace ? list.ToDictionary(n => n.Objective, n => n.Markdown) : null,
            replaceTableNotes ? notes.ToDictionary(n => n.Table, n => n.Note) : null);
    }

    public static Proto.Paper ToProto(Catalogue catalogue, PaperVersion paper)
    {
        var message = new Proto.Paper
        {
            PeriodEnd = paper.PeriodEnd, MeetingId = paper.MeetingId ?? "", Status = ProtoEnums.ToProto(paper.Status),
            Version = paper.Version, Change = ProtoEnums.ToProto(paper.Change), Author = paper.Author,
            ChangedAt = paper.At.UtcDateTime.ToString("O"), Reason = paper.Reason ?? "",
            Cover = new Proto.CoverBlock
            {
                Originator = paper.Cover.Originator, ReasonForSubmission = paper.Cover.ReasonForSubmission, SubmittedTo = paper.Cover.SubmittedTo,
                Subject = paper.Cover.Subject, Summary = paper.Cover.Summary, Recommendation = paper.Cover.Recommendation,
            },
        };
        message.Narratives.AddRange(catalogue.Objectives.Where(o => paper.Narratives.ContainsKey(o.Id))
            .Select(o => new Proto.ObjectiveNarrative { Objective = o.Id, Markdown = paper.Narratives[o.Id] }));
        message.CorrectionNotes.AddRange(paper.CorrectionNotes);
        message.TableNotes.AddRange(catalogue.Tables.Where(t => paper.TableNotes.ContainsKey(t.Id))
            .Select(t => new Proto.TableNote { Table = t.Id, Note = paper.TableNotes[t.Id] }));
        message.FigureRevisions.AddRange(paper.FigureRevisions.Select(r => new Proto.FigureRevision
        {
            Table = r.Table, Row = r.Row, Column = r.Column, OldText = r.Old, NewText = r.New,
        }));
        return message;
    }

    public static Proto.NarrativeClaim ToProto(Claim claim) => new()
    {
        Objective = claim.Objective, Text = claim.Text, Sentence = claim.Sentence, Kind = CatalogueFile.Kebab(claim.Kind.ToString()),
        Indicator = claim.Indicator ?? "", Window = claim.Window, Status = ProtoEnums.ToProto(claim.Status),
        Derived = claim.Derived ?? "", Rule = claim.Rule ?? "",
    };

    public static ReportingPeriod Period(string text) =>
        ReportingPeriod.TryParse(text, out var period, out var error) ? period : throw new RefusedException(Refusal.Invalid, "period_end", $"{error}");
}
