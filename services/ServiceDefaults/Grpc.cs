using System.ComponentModel.DataAnnotations;
using System.Text;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PlanServices.Common;

namespace PlanServices.ServiceDefaults;

/// <summary>Message size limits of a gRPC server, the "Grpc" section, validated on start.</summary>
public sealed class GrpcLimits
{
    public const string Section = "Grpc";

    /// <summary>Largest request message accepted, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED.</summary>
    [Range(1, int.MaxValue)] public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes.</summary>
    [Range(1, int.MaxValue)] public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;
}

/// <summary>gRPC as every service of the suite serves it (grpc-dotnet) and as the suite calls it (Grpc.Net.ClientFactory).</summary>
public static class GrpcDefaults
{
    /// <summary>grpc-dotnet with the suite's limits and refusal interceptor, server reflection, and grpc.health.v1 over the health checks.</summary>
    public static IHostApplicationBuilder AddGrpcServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GrpcLimits>().BindConfiguration(GrpcLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGrpc(options => options.Interceptors.Add<RefusalInterceptor>());
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<GrpcLimits>>((options, limits) =>
        {
            options.MaxReceiveMessageSize = limits.Value.MaxReceiveMessageSize;
            options.MaxSendMessageSize = limits.Value.MaxSendMessageSize;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        return builder;
    }

    /// <summary>Maps <typeparamref name="TService"/>, reflection and health.</summary>
    public static WebApplication MapGrpcServer<TService>(this WebApplication app) where TService : class
    {
        app.MapGrpcService<TService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>
    /// A generated client of another service of the suite, named <paramref name="name"/>, calling with this host's own
    /// token (<see cref="ServiceTokens"/>) unless a call carries a person's. gRPC calls carry their own deadlines and cannot be
    /// replayed by an HTTP retry (a stream is read once), so the HTTP resilience handlers are left off.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(this IServiceCollection services, string name, Uri address)
        where TClient : ClientBase
    {
        var client = services.AddGrpcClient<TClient>(name, options => options.Address = address)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
            .AddHttpMessageHandler(provider => new ServiceTokenHandler(provider.GetRequiredService<ServiceTokens>()));
#pragma warning disable EXTEXP0001 // marked experimental; the documented way to take one client out of ConfigureHttpClientDefaults
        return client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}

/// <summary>
/// The one place where domain refusals become gRPC statuses: INVALID_ARGUMENT (every error, naming its field or
/// row), NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED. A long list is cut to the first
/// <see cref="RefusedException.MaxListed"/> errors and a count, and the whole message to <see cref="MaxDetail"/>
/// characters, so a status never makes a multi-megabyte trailer. Every refusal also carries its errors as data
/// (grpc-dotnet's rich error model, <c>google.rpc.Status</c>): a <c>google.rpc.ErrorInfo</c> naming the refusal (and its
/// heading, when it has one), then for INVALID_ARGUMENT a <c>google.rpc.BadRequest</c> with one field violation per listed
/// <see cref="Violation"/>, its field what the domain named (a request path such as <c>attendance[2].role</c>, a row of a
/// file such as <c>line 3</c>, or empty), and for the others a <c>google.rpc.PreconditionFailure</c> or <c>google.rpc.ResourceInfo</c> per error; so that a
/// client lists and maps each without reading the message.
/// </summary>
public sealed class RefusalInterceptor : Interceptor
{
    public const int MaxDetail = 16 * 1024;

    /// <summary>The longest field or description a violation carries (either may quote what was sent).</summary>
    public const int MaxViolation = 500;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RefusedException e)
        {
            throw ToStatus(e);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (RefusedException e)
        {
            throw ToStatus(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RefusedException e)
        {
            throw ToStatus(e);
        }
    }

    public static RpcException ToStatus(RefusedException refused)
    {
        var code = refused.Refusal switch
        {
            Refusal.NotFound => StatusCode.NotFound,
            Refusal.AlreadyExists => StatusCode.AlreadyExists,
            Refusal.WrongState => StatusCode.FailedPrecondition,
            Refusal.Stale => StatusCode.Aborted,
            _ => StatusCode.InvalidArgument,
        };
        var detail = refused.Message.Length <= MaxDetail ? refused.Message : refused.Message[..(MaxDetail - 1)] + "…";
        var info = new Google.Rpc.ErrorInfo { Reason = Reason(refused.Refusal), Domain = "planservices" };
        if (refused.Heading is { } heading) info.Metadata["heading"] = Cut(heading);
        var violations = refused.Violations.Take(RefusedException.MaxListed).Select(v => new Google.Rpc.BadRequest.Types.FieldViolation { Field = Cut(v.Where), Description = Cut(v.Rule) })
            .Concat(refused.Violations.Count > RefusedException.MaxListed
                ? [new Google.Rpc.BadRequest.Types.FieldViolation { Description = $"… and {refused.Violations.Count - RefusedException.MaxListed:N0} more" }] : [])
            .ToList();
        IEnumerable<Google.Protobuf.IMessage> errors = code switch
        {
            StatusCode.InvalidArgument => [new Google.Rpc.BadRequest { FieldViolations = { violations } }],
            StatusCode.FailedPrecondition or StatusCode.Aborted => [new Google.Rpc.PreconditionFailure
            {
                Violations = { violations.Select(v => new Google.Rpc.PreconditionFailure.Types.Violation { Type = info.Reason, Subject = v.Field, Description = v.Description }) },
            }],
            _ => violations.Select(v => new Google.Rpc.ResourceInfo { ResourceName = v.Field, Description = v.Description }),
        };
        return new Google.Rpc.Status
        {
            Code = (int)code, Message = detail,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(info), errors.Select(Google.Protobuf.WellKnownTypes.Any.Pack) },
        }.ToRpcException();
    }

    /// <summary>The refusal as <c>ErrorInfo.reason</c> names it: INVALID, NOT_FOUND, ALREADY_EXISTS, WRONG_STATE, STALE.</summary>
    public static string Reason(Refusal refusal) => refusal switch
    {
        Refusal.Invalid => "INVALID",
        Refusal.NotFound => "NOT_FOUND",
        Refusal.AlreadyExists => "ALREADY_EXISTS",
        Refusal.WrongState => "WRONG_STATE",
        Refusal.Stale => "STALE",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    private static string Cut(string text) => text.Length <= MaxViolation ? text : text[..(MaxViolation - 1)] + "…";
}

/// <summary>
/// A refused gRPC call ends with a gRPC status, as gRPC clients expect (UNAUTHENTICATED, or PERMISSION_DENIED
/// naming the policy the caller lacks), not an HTTP 401/403 that clients can only guess at. Other requests get
/// ASP.NET Core's usual challenge and forbid.
/// </summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var method = context.Request.Path.Value;
        var policies = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList() ?? [];
        var (status, message) = authorizeResult.Challenged
            // The handler keeps its result for the request, so this reads why the token was refused, not a second validation.
            ? (StatusCode.Unauthenticated, $"Authentication required: {Security.Refusal((await context.AuthenticateAsync()).Failure)}; send 'authorization: Bearer <token>' with a token of the suite's authority.")
            : (StatusCode.PermissionDenied, $"{context.User.Who()} may not call {method}" + (policies.Count > 0 ? $" (policy '{string.Join("', '", policies)}')." : "."));
        if (authorizeResult.Challenged) context.Response.Headers.WWWAuthenticate = "Bearer";
        GrpcResponses.TrailersOnly(context, status, message);
    }
}

/// <summary>gRPC answers written outside a gRPC service: by middleware that refuses or cannot route a call.</summary>
public static class GrpcResponses
{
    /// <summary>A Trailers-Only response: HTTP 200, the status in the headers, the message percent-encoded as the gRPC spec says.</summary>
    public static void TrailersOnly(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
            encoded.Append(b is >= 0x20 and <= 0x7E and not (byte)'%' ? ((char)b).ToString() : $"%{b:X2}");
        context.Response.Headers["grpc-message"] = encoded.ToString();
    }
}
