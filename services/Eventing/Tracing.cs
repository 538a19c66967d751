using System.Diagnostics;

namespace PlanServices.Eventing;

/// <summary>
/// The activities of publishing and handling events. A handler's activity continues the trace of the
/// change that raised the event (the CloudEvent's <c>traceparent</c>), so one trace runs from a request
/// through the events it causes.
/// </summary>
public static class Tracing
{
    public const string SourceName = "PlanServices.Eventing";
    public static readonly ActivitySource Source = new(SourceName);
}
