using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Plan.Records.V1;
using PlanServices.Pillars.Records;
using PlanServices.ServiceDefaults;

namespace PlanServices.Pillars.Grpc;

/// <summary>The record API (protos/records/v1/records.proto): a stream of records, stored as one batch by <see cref="RecordImporter"/>.</summary>
[Authorize(Policy = Policies.OwnPillar)]
public sealed class RecordGrpcService(RecordImporter importer) : RecordService.RecordServiceBase
{
    public override async Task<Receipt> Send(IAsyncStreamReader<Plan.Records.V1.Records> requests, ServerCallContext context)
    {
        var source = $"{context.GetHttpContext().User.Who()}: record stream";
        var receipt = await importer.ImportAsync(Read(requests, context.CancellationToken), source, context.CancellationToken);
        return new Receipt
        {
            Received = receipt.Received, Added = receipt.Added, Revised = receipt.Revised, Unchanged = receipt.Unchanged,
            ChangedFrom = receipt.Changed?.From.ToString() ?? "", ChangedTo = receipt.Changed?.To.ToString() ?? "",
        };
    }

    /// <summary>The stream's records one by one, a message at a time: never more than one message held.</summary>
    private static async IAsyncEnumerable<(string, SentRecord)> Read(IAsyncStreamReader<Plan.Records.V1.Records> requests,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var n = 0;
        while (await requests.MoveNext(ct))
            foreach (var record in requests.Current.Records_)
                yield return ($"record {++n}", ToSent(record));
    }

    /// <summary>A message as the rules read it: enums by their names in files, timestamps as the date in Norfolk.</summary>
    public static SentRecord ToSent(Record record) => record.KindCase switch
    {
        Record.KindOneofCase.Crime => new SentRecord(RecordKind.Crimes, record.Crime.Reference, record.Crime.RecordedOn, record.Crime.Offence,
            [.. (record.Crime.DomesticAbuse ? ["domestic-abuse"] : Array.Empty<string>()).Concat(record.Crime.HateStrands.Select(Strand))],
            District(record.Crime.District), record.Crime.Outcome, record.Crime.OutcomeOn, "", record.Crime.Cancelled ? "true" : ""),
        Record.KindOneofCase.Call => new SentRecord(RecordKind.Calls, record.Call.Reference, Date(record.Call.ReceivedAt),
            record.Call.Line switch { CallLine.Emergency999 => "999", CallLine.NonEmergency101 => "101", _ => "" }, [],
            District(record.Call.District), "", "", record.Call.HasAnsweredAfterSeconds ? Text(record.Call.AnsweredAfterSeconds) : "", ""),
        Record.KindOneofCase.Incident => new SentRecord(RecordKind.Incidents, record.Incident.Reference, Date(record.Incident.ReceivedAt),
            record.Incident.Grade switch
            {
                IncidentGrade.Emergency => "emergency", IncidentGrade.Priority => "priority", IncidentGrade.Scheduled => "scheduled",
                IncidentGrade.NoDeployment => "no-deployment", _ => "",
            }, [], District(record.Incident.District), "", "",
            record.Incident.HasAttendedAfterMinutes ? Text(record.Incident.AttendedAfterMinutes) : "", ""),
        _ => throw new RefusedException(Refusal.Invalid, "record", "a record is a crime, a call or an incident; this one is none"),
    };

    private static string Text(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string District(Plan.Records.V1.District district) => district == Plan.Records.V1.District.Unspecified ? "" : ((int)district).ToString();

    private static string Strand(HateStrand strand) => strand switch
    {
        HateStrand.Race => "hate-race", HateStrand.Religion => "hate-religion", HateStrand.SexualOrientation => "hate-sexual-orientation",
        HateStrand.Disability => "hate-disability", HateStrand.Transgender => "hate-transgender", _ => $"hate strand {(int)strand}",
    };

    private static string Date(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "" : Norfolk.DateOf(at.ToDateTimeOffset()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
