using System.Diagnostics;
using System.Reflection;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using MethodDescriptor = Google.Protobuf.Reflection.MethodDescriptor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlanServices.Grpc.Server;

/// <summary>
/// Serves gRPC on ASP.NET Core's HTTP/2: every method of a proto service is bound by name to the
/// implementation class's method of the same name and the grpc-dotnet signature:
/// unary <c>Task&lt;TRes&gt; M(TReq, ServerCallContext)</c>, client streaming
/// <c>Task&lt;TRes&gt; M(IAsyncStreamReader&lt;TReq&gt;, ServerCallContext)</c>, server streaming
/// <c>Task M(TReq, IServerStreamWriter&lt;TRes&gt;, ServerCallContext)</c>. A method without an
/// implementation, and any unknown service or method, answers UNIMPLEMENTED.
/// </summary>
public static class GrpcEndpoints
{
    public static IServiceCollection AddGrpcLayer(this IServiceCollection services)
    {
        services.AddOptions<GrpcServerOptions>().BindConfiguration(GrpcServerOptions.Section)
            .Validate(o => o.MaxReceiveMessageSize > 0 && o.MaxSendMessageSize > 0, "Grpc message size limits must be positive")
            .ValidateOnStart();
        services.AddSingleton<GrpcMethods>();
        return services;
    }

    /// <summary>Binds <paramref name="service"/>'s methods to <typeparamref name="TService"/> (resolved per call from DI).</summary>
    public static IEndpointRouteBuilder MapGrpcService<TService>(this IEndpointRouteBuilder app, ServiceDescriptor service) where TService : class
    {
        var methods = app.ServiceProvider.GetRequiredService<GrpcMethods>();
        foreach (var method in service.Methods)
            methods.Add($"/{service.FullName}/{method.Name}", Bind<TService>(method), typeof(TService), Access<TService>(method.Name));
        if (methods.MarkMapped())
            app.MapPost("/{service}/{method}", methods.DispatchAsync);
        return app;
    }

    /// <summary>
    /// Who may call a method, from the implementation's attributes as in grpc-dotnet: <c>[AllowAnonymous]</c>,
    /// or <c>[Authorize(Policy = ...)]</c> on the method or its class; with neither, any signed-in caller.
    /// </summary>
    private static (bool Anonymous, string? Policy) Access<TService>(string name)
    {
        var implementation = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance);
        if (implementation?.GetCustomAttribute<AllowAnonymousAttribute>() is not null) return (true, null);
        var policy = implementation?.GetCustomAttribute<AuthorizeAttribute>()?.Policy ?? typeof(TService).GetCustomAttribute<AuthorizeAttribute>()?.Policy;
        return (false, policy);
    }

    private static CallHandler? Bind<TService>(MethodDescriptor method) where TService : class
    {
        var implementation = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance);
        if (implementation is null) return null;
        var (request, response) = (method.InputType.ClrType, method.OutputType.ClrType);
        var binder = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => nameof(Unary),
            (true, false) => nameof(ClientStreaming),
            (false, true) => nameof(ServerStreaming),
            _ => null,
        };
        if (binder is null) return null;
        var bind = typeof(GrpcEndpoints).GetMethod(binder, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeof(TService), request, response);
        try
        {
            return (CallHandler)bind.Invoke(null, [implementation])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
        {
            throw new InvalidOperationException(
                $"{typeof(TService).Name}.{method.Name} does not have the signature gRPC method {method.FullName} needs.", e.InnerException);
        }
    }

    private static CallHandler Unary<TService, TRequest, TResponse>(MethodInfo implementation)
        where TService : class where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var invoke = implementation.CreateDelegate<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>();
        return async (call, service) =>
        {
            var request = await call.ReadSingleAsync<TRequest>();
            var response = await invoke((TService)service, request, call.Context);
            await call.WriteAsync(response);
        };
    }

    private static CallHandler ClientStreaming<TService, TRequest, TResponse>(MethodInfo implementation)
        where TService : class where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var invoke = implementation.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>();
        return async (call, service) =>
        {
            var response = await invoke((TService)service, new RequestStream<TRequest>(call), call.Context);
            await call.WriteAsync(response);
        };
    }

    private static CallHandler ServerStreaming<TService, TRequest, TResponse>(MethodInfo implementation)
        where TService : class where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>
    {
        var invoke = implementation.CreateDelegate<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();
        return async (call, service) =>
        {
            var request = await call.ReadSingleAsync<TRequest>();
            await invoke((TService)service, request, new ResponseStream<TResponse>(call), call.Context);
        };
    }

    private delegate Task CallHandler(GrpcCall call, object service);

    private sealed class RequestStream<T>(GrpcCall call) : IAsyncStreamReader<T> where T : class, IMessage<T>, new()
    {
        public T Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var next = await call.ReadAsync<T>();
            if (next is null) return false;
            Current = next;
            return true;
        }
    }

    private sealed class ResponseStream<T>(GrpcCall call) : IServerStreamWriter<T> where T : class, IMessage<T>
    {
        public Task WriteAsync(T message) => call.WriteAsync(message);
    }

    /// <summary>One call in flight: its messages, deadline and context.</summary>
    private sealed class GrpcCall(HttpContext http, GrpcServerOptions options, ServerCallContext context)
    {
        private static readonly MessageParserCache Parsers = new();
        public ServerCallContext Context { get; } = context;

        public ValueTask<T?> ReadAsync<T>() where T : class, IMessage<T>, new() =>
            Protocol.ReadMessageAsync(http.Request.BodyReader, Parsers.Get<T>(), options.MaxReceiveMessageSize, Context.CancellationToken);

        public async Task<T> ReadSingleAsync<T>() where T : class, IMessage<T>, new()
        {
            var message = await ReadAsync<T>() ?? throw new RpcException(StatusCode.Internal, "The request has no message; a unary request carries exactly one.");
            if (await ReadAsync<T>() is not null)
                throw new RpcException(StatusCode.Internal, "The request has more than one message; a unary request carries exactly one.");
            return message;
        }

        public async Task WriteAsync(IMessage message) =>
            await Protocol.WriteMessageAsync(http.Response.BodyWriter, message, options.MaxSendMessageSize, Context.CancellationToken);
    }

    private sealed class MessageParserCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, object> _parsers = new();
        public MessageParser<T> Get<T>() where T : IMessage<T>, new() =>
            (MessageParser<T>)_parsers.GetOrAdd(typeof(T), _ => new MessageParser<T>(() => new T()));
    }

    /// <summary>The methods of every mapped service, by path, and the one endpoint that serves them.</summary>
    private sealed class GrpcMethods(IOptions<GrpcServerOptions> options, ILogger<GrpcMethods> logger)
    {
        private readonly Dictionary<string, (CallHandler? Handler, Type Service, (bool Anonymous, string? Policy) Access)> _methods = new(StringComparer.Ordinal);
        private bool _mapped;

        public void Add(string path, CallHandler? handler, Type service, (bool Anonymous, string? Policy) access) => _methods[path] = (handler, service, access);

        public bool MarkMapped() => !_mapped && (_mapped = true);

        public async Task DispatchAsync(HttpContext http)
        {
            var response = http.Response;
            if (!Protocol.IsGrpcContentType(http.Request.ContentType))
            {
                response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
            if (!HttpProtocol.IsHttp2(http.Request.Protocol))
            {
                response.StatusCode = StatusCodes.Status426UpgradeRequired;
                response.Headers.Upgrade = "h2c";
                return;
            }
            response.ContentType = Protocol.ContentType;
            response.Headers[Protocol.AcceptEncodingHeader] = Protocol.Identity;

            var path = http.Request.Path.Value ?? "";
            if (!_methods.TryGetValue(path, out var method) || method.Handler is null)
            {
                Finish(http, StatusCode.Unimplemented, $"Method {path} is unimplemented.");
                return;
            }
            var encoding = http.Request.Headers[Protocol.EncodingHeader].ToString();
            if (encoding.Length > 0 && encoding != Protocol.Identity)
            {
                Finish(http, StatusCode.Unimplemented, $"Compression '{encoding}' is not supported; supported: {Protocol.Identity}.");
                return;
            }

            if (!method.Access.Anonymous)
            {
                if (http.User.Identity?.IsAuthenticated != true)
                {
                    Finish(http, StatusCode.Unauthenticated, "Authentication required: send a valid 'authorization: Bearer <token>'.");
                    return;
                }
                if (method.Access.Policy is { } policy
                    && !(await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy)).Succeeded)
                {
                    Finish(http, StatusCode.PermissionDenied, $"{http.User.Identity.Name ?? "The caller"} may not call {path} (policy '{policy}').");
                    return;
                }
            }

            DateTime? deadline = null;
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            if (Protocol.TryParseTimeout(http.Request.Headers[Protocol.TimeoutHeader], out var timeout))
            {
                deadline = DateTime.UtcNow + timeout;
                cancellation.CancelAfter(timeout);
            }
            var call = new GrpcCall(http, options.Value, new ServerCallContext(http, deadline, cancellation.Token));
            try
            {
                var service = ActivatorUtilities.GetServiceOrCreateInstance(http.RequestServices, method.Service);
                await method.Handler(call, service);
                Finish(http, StatusCode.OK, null);
            }
            catch (RpcException e)
            {
                Finish(http, e.StatusCode, e.Detail);
            }
            catch (Exception) when (http.RequestAborted.IsCancellationRequested)
            {
                logger.LogInformation("gRPC call {Path} cancelled by the client", path);
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                Finish(http, StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }
            catch (Exception e)
            {
                logger.LogError(e, "gRPC call {Path} failed", path);
                Finish(http, StatusCode.Unknown, "Exception was thrown by handler.");
            }
        }

        /// <summary>Status in the trailers, or in the headers alone (Trailers-Only) when nothing was sent yet.</summary>
        private static void Finish(HttpContext http, StatusCode status, string? message)
        {
            var response = http.Response;
            var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var encoded = string.IsNullOrEmpty(message) ? null : Protocol.EncodeMessage(message);
            if (!response.HasStarted)
            {
                response.Headers[Protocol.StatusHeader] = code;
                if (encoded is not null) response.Headers[Protocol.MessageHeader] = encoded;
                return;
            }
            response.AppendTrailer(Protocol.StatusHeader, code);
            if (encoded is not null) response.AppendTrailer(Protocol.MessageHeader, encoded);
        }
    }
}
