using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace PlanServices.Grpc.Server;

/// <summary>What a service method knows of its call (the part of Grpc.Core.ServerCallContext the suite uses).</summary>
public sealed class ServerCallContext(HttpContext http, DateTime? deadline, CancellationToken cancellationToken)
{
    /// <summary>Fires when the client cancels, goes away, or the deadline passes: stop work.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The client's deadline (UTC), if it sent grpc-timeout.</summary>
    public DateTime? Deadline { get; } = deadline;

    public IHeaderDictionary RequestHeaders => http.Request.Headers;

    public ClaimsPrincipal User => http.User;

    public HttpContext HttpContext => http;
}

/// <summary>The request messages of a client-streaming call (shaped like Grpc.Core.IAsyncStreamReader).</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Writes the response messages of a server-streaming call (shaped like Grpc.Core.IServerStreamWriter).</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message);
}

/// <summary>Limits of the gRPC server, bound from the "Grpc" section.</summary>
public sealed class GrpcServerOptions
{
    public const string Section = "Grpc";

    /// <summary>Largest request message accepted, in bytes; larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Protocol.DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes.</summary>
    public int MaxSendMessageSize { get; set; } = Protocol.DefaultMaxMessageSize;
}
