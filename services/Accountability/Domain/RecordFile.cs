using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace PlanServices.Accountability.Domain;

/// <summary>
/// The OPCCN's record file (docs/accountability.md): YAML with <c>meetings</c>, <c>minutes</c> and
/// <c>actions</c>, in the field names of the service's records (<see cref="Documents"/>). Importing goes through the same rules as the API and
/// can be repeated: what is already recorded is left as it is. Packs are not in it: a pack is published, frozen with
/// its files, only through the gateway (<c>POST /packs/{meeting}/publish</c>).
/// </summary>
public static class RecordFile
{
    public sealed record Summary(int Meetings, int Minutes, int Actions, int Updates);

    public static async Task<Summary> ImportAsync(string yaml, string source, MeetingBook meetings, ActionLog actions, CancellationToken ct = default)
    {
        Document document;
        try
        {
            var tree = new DeserializerBuilder().Build().Deserialize<object>(yaml);
            document = JsonSerializer.Deserialize<Document>(JsonSerializer.Serialize(tree), Web) ?? new Document();
        }
        catch (Exception e) when (e is YamlException or JsonException)
        {
            throw new AccountabilityException(Refusal.Invalid, source, $"{e.Message}");
        }

        T Parse<T>(JsonElement element, string at)
        {
            try { return element.Deserialize<T>(Documents.Json)!; }
            catch (JsonException e) { throw new AccountabilityException(Refusal.Invalid, $"{source} {at}", e.Message); }
        }

        var updates = 0;
        foreach (var (element, i) in document.Meetings.Select((m, i) => (m, i)))
            await meetings.ScheduleAsync(Parse<Meeting>(element, $"meetings[{i}]"), ct);
        foreach (var (element, i) in document.Minutes.Select((m, i) => (m, i)))
        {
            var minutes = Parse<Minutes>(element, $"minutes[{i}]");
            await meetings.SaveMinutesAsync(minutes, ct);
            if (minutes.ConfirmedAtMeetingId is { Length: > 0 } confirmedAt) await meetings.ConfirmMinutesAsync(minutes.MeetingId, confirmedAt, ct);
        }
        foreach (var action in document.Actions)
        {
            var author = action.Author ?? "OPCCN Performance and Scrutiny";
            var recorded = await actions.RaiseAsync(action.Number, action.Meeting ?? "", action.Description ?? "", action.Owner ?? "", author, ct);
            foreach (var update in action.Updates.Skip(recorded.History.Count - 1))
            {
                await actions.UpdateAsync(action.Number, update.Text ?? "", update.Status is null ? null : Enum.Parse<ActionState>(update.Status, true),
                    update.Meeting, update.Author ?? author, ct);
                updates++;
            }
        }
        return new Summary(document.Meetings.Count, document.Minutes.Count, document.Actions.Count, updates);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed class Document
    {
        public List<JsonElement> Meetings { get; set; } = [];
        public List<JsonElement> Minutes { get; set; } = [];
        public List<ActionDocument> Actions { get; set; } = [];
    }

    private sealed class ActionDocument
    {
        public int Number { get; set; }
        public string? Meeting { get; set; }
        public string? Description { get; set; }
        public string? Owner { get; set; }
        public string? Author { get; set; }
        public List<UpdateDocument> Updates { get; set; } = [];
    }

    private sealed class UpdateDocument
    {
        public string? Meeting { get; set; }
        public string? Text { get; set; }
        public string? Status { get; set; }
        public string? Author { get; set; }
    }
}
