using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Google.Protobuf;

namespace PlanServices.Grpc;

/// <summary>
/// The wire rules of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md) shared by server and client:
/// length-prefixed messages, grpc-timeout, grpc-message percent-encoding.
/// </summary>
public static class Protocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string Identity = "identity";
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;
    private const int HeaderSize = 5;

    /// <summary>application/grpc, optionally with +proto or parameters; anything else is not gRPC.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)) return false;
        var rest = contentType.AsSpan(ContentType.Length);
        return rest.IsEmpty || rest[0] is '+' or ';';
    }

    /// <summary>
    /// Reads the next length-prefixed message, or null at the clean end of the stream.
    /// Truncated frames and undecodable messages are INTERNAL; oversized ones RESOURCE_EXHAUSTED.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(PipeReader reader, MessageParser<T> parser, int maxSize, CancellationToken ct)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.Length >= HeaderSize)
            {
                var header = buffer.Slice(0, HeaderSize).ToArray();
                var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                if (header[0] > 1)
                    throw Abort(reader, buffer, StatusCode.Internal, $"Invalid compressed flag {header[0]} in message frame.");
                if (header[0] == 1)
                    throw Abort(reader, buffer, StatusCode.Internal, "Received a compressed message without a grpc-encoding.");
                if (length > maxSize)
                    throw Abort(reader, buffer, StatusCode.ResourceExhausted,
                        $"Received message larger than max ({length} vs. {maxSize})");
                if (buffer.Length >= HeaderSize + length)
                {
                    var payload = buffer.Slice(HeaderSize, length);
                    T message;
                    try { message = parser.ParseFrom(payload); }
                    catch (InvalidProtocolBufferException e)
                    {
                        throw Abort(reader, buffer, StatusCode.Internal, "Error parsing message: " + e.Message);
                    }
                    reader.AdvanceTo(payload.End);
                    return message;
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0) return null;
                throw new RpcException(StatusCode.Internal, "Incomplete message frame: the stream ended inside a message.");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static RpcException Abort(PipeReader reader, ReadOnlySequence<byte> buffer, StatusCode code, string detail)
    {
        reader.AdvanceTo(buffer.End);
        return new RpcException(code, detail);
    }

    public static async ValueTask WriteMessageAsync(PipeWriter writer, IMessage message, int maxSize, CancellationToken ct)
    {
        var size = message.CalculateSize();
        if (size > maxSize)
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {maxSize})");
        var span = writer.GetSpan(HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(HeaderSize, size));
        writer.Advance(HeaderSize + size);
        await writer.FlushAsync(ct);
    }

    /// <summary>Parses a grpc-timeout value: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
    public static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length > 9 || value.Length < 2) return false;
        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null) return false;
        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a timeout in whole milliseconds (at least 1), as the spec allows.</summary>
    public static string FormatTimeout(TimeSpan timeout) =>
        Math.Clamp((long)Math.Ceiling(timeout.TotalMilliseconds), 1, 99_999_999).ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>Percent-encodes grpc-message: printable ASCII except '%' as is, everything else as %XX of its UTF-8 bytes.</summary>
    public static string EncodeMessage(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%') builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    public static string DecodeMessage(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || !encoded.Contains('%')) return encoded ?? "";
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length
                && byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(encoded[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
