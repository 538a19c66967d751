using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace PlanServices.Grpc.Client;

/// <summary>A method of a proto service as the client calls it: its path and how to read its responses.</summary>
public sealed record Method<TRequest, TResponse>(string Path) where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>, new()
{
    public static Method<TRequest, TResponse> Of(ServiceDescriptor service, string name) =>
        new($"/{service.FullName}/{service.FindMethodByName(name)?.Name ?? throw new ArgumentException($"{service.FullName} has no method {name}")}");

    internal MessageParser<TResponse> Parser { get; } = new(() => new TResponse());
}

/// <summary>Per-call settings (the part of Grpc.Core.CallOptions the suite uses).</summary>
public readonly record struct CallOptions(DateTime? Deadline = null, CancellationToken CancellationToken = default, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// gRPC client over HttpClient with HTTP/2 prior knowledge (h2c) or TLS. Unary, client-streaming and
/// server-streaming calls; deadlines sent as grpc-timeout and enforced locally; any non-OK status is
/// thrown as an <see cref="RpcException"/> carrying the code and message.
/// </summary>
public sealed class GrpcClient(HttpClient http, int maxReceiveMessageSize = Protocol.DefaultMaxMessageSize)
{
    /// <summary>An HttpClient for an h2c or https address, as the gRPC layer needs it.</summary>
    public static HttpClient CreateHttpClient(Uri address, HttpMessageHandler? handler = null) => new(handler ?? new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>, new() =>
        await ClientStreamingAsync(method, One(request), options);

    public async Task<TResponse> ClientStreamingAsync<TRequest, TResponse>(Method<TRequest, TResponse> method,
        IAsyncEnumerable<TRequest> requests, CallOptions options = default)
        where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>, new()
    {
        TResponse? single = null;
        await foreach (var response in CallAsync(method, requests, options))
        {
            if (single is not null) throw new RpcException(StatusCode.Internal, "The server sent more than one response message.");
            single = response;
        }
        return single ?? throw new RpcException(StatusCode.Internal, "The server sent no response message.");
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(Method<TRequest, TResponse> method,
        TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>, new() =>
        CallAsync(method, One(request), options);

    private async IAsyncEnumerable<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method,
        IAsyncEnumerable<TRequest> requests, CallOptions options, [EnumeratorCancellation] CancellationToken ct = default)
        where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>, new()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, ct);
        using var message = new HttpRequestMessage(HttpMethod.Post, method.Path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new MessagesContent<TRequest>(requests),
        };
        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (options.Deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            message.Headers.Add(Protocol.TimeoutHeader, Protocol.FormatTimeout(remaining));
            cancellation.CancelAfter(remaining);
        }
        foreach (var (name, value) in options.Headers ?? new Dictionary<string, string>()) message.Headers.TryAddWithoutValidation(name, value);

        var responses = new List<TResponse>();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            throw Failure(e, options, cancellation);
        }
        using (response)
        {
            ThrowIfTrailersOnlyOrNotGrpc(response);
            var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellation.Token));
            while (true)
            {
                TResponse? next;
                try
                {
                    next = await Protocol.ReadMessageAsync(reader, method.Parser, maxReceiveMessageSize, cancellation.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    throw Failure(e, options, cancellation);
                }
                if (next is null) break;
                yield return next;
            }
            ThrowIfNotOk(response.TrailingHeaders, "trailers");
        }
    }

    private static RpcException Failure(Exception e, CallOptions options, CancellationTokenSource cancellation) =>
        options.CancellationToken.IsCancellationRequested ? new RpcException(StatusCode.Cancelled, "Cancelled by the caller")
        : cancellation.IsCancellationRequested ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded")
        : new RpcException(StatusCode.Unavailable, e.Message);

    private static void ThrowIfTrailersOnlyOrNotGrpc(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RpcException(FromHttp(response.StatusCode), $"HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        if (response.Headers.Contains(Protocol.StatusHeader))
        {
            ThrowIfNotOk(response.Headers, "headers");
            return;
        }
        if (!Protocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
            throw new RpcException(StatusCode.Internal, $"The response is not gRPC (content-type '{response.Content.Headers.ContentType}').");
    }

    private static void ThrowIfNotOk(HttpHeaders headers, string where)
    {
        if (!headers.TryGetValues(Protocol.StatusHeader, out var values))
            throw new RpcException(StatusCode.Internal, $"The response {where} carry no grpc-status.");
        if (!int.TryParse(values.First(), out var code))
            throw new RpcException(StatusCode.Internal, $"Invalid grpc-status '{values.First()}'.");
        if (code == 0) return;
        var detail = headers.TryGetValues(Protocol.MessageHeader, out var messages) ? Protocol.DecodeMessage(messages.First()) : "";
        throw new RpcException((StatusCode)code, detail);
    }

    /// <summary>The spec's mapping of HTTP statuses to gRPC codes for responses that are not gRPC.</summary>
    private static StatusCode FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    private static async IAsyncEnumerable<T> One<T>(T item)
    {
        yield return item;
        await Task.CompletedTask;
    }

    /// <summary>The request body: each message length-prefixed and flushed as it is produced.</summary>
    private sealed class MessagesContent<T> : HttpContent where T : IMessage<T>
    {
        private readonly IAsyncEnumerable<T> messages;

        public MessagesContent(IAsyncEnumerable<T> messages)
        {
            this.messages = messages;
            Headers.ContentType = new MediaTypeHeaderValue(Protocol.ContentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            await foreach (var message in messages.WithCancellation(cancellationToken))
                await Protocol.WriteMessageAsync(writer, message, int.MaxValue, cancellationToken);
            await writer.CompleteAsync();
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
