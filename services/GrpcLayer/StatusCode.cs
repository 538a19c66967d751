namespace PlanServices.Grpc;

/// <summary>gRPC status codes, as the gRPC spec numbers them (and as Grpc.Core.StatusCode does).</summary>
public enum StatusCode
{
    OK = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>A call that ended with a non-OK status, on either side (shaped like Grpc.Core.RpcException).</summary>
public sealed class RpcException(StatusCode statusCode, string detail) : Exception($"Status(StatusCode=\"{statusCode}\", Detail=\"{detail}\")")
{
    public StatusCode StatusCode { get; } = statusCode;
    public string Detail { get; } = detail;
}
