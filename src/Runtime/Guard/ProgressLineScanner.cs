using System.Text.Json;

namespace PullAnalyzer.Runtime;

/// <summary>An in-band error found in a progress stream: the engine's text and code.</summary>
internal sealed record InBandError(string Text, long? Code);

/// <summary>
/// Finds the engine's in-band error in the bytes of a newline-delimited JSON progress stream as they pass, without
/// changing them. A line is parsed only when it holds <c>"error</c> (the <c>error</c> and <c>errorDetail</c> keys; a quote
/// inside a JSON string is escaped, so the text of a build step never matches by accident); every other line costs one
/// vectorised search. Only a line split across reads is copied.
/// </summary>
internal sealed class ProgressLineScanner
{
    private static ReadOnlySpan<byte> ErrorKey => "\"error"u8;

    private byte[] _partial = Array.Empty<byte>();
    private int _partialLength;

    /// <summary>The first error among the lines that <paramref name="chunk"/> completes, or null.</summary>
    public InBandError? Scan(ReadOnlySpan<byte> chunk)
    {
        InBandError? found = null;
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Keep(chunk);
                break;
            }

            var line = chunk.Slice(0, newline);
            if (_partialLength > 0)
            {
                Keep(line);
                line = _partial.AsSpan(0, _partialLength);
            }

            found ??= ErrorOf(line);
            _partialLength = 0;
            chunk = chunk.Slice(newline + 1);
        }

        return found;
    }

    /// <summary>At the end of the stream: the error of a last line that had no newline, or null.</summary>
    public InBandError? End()
    {
        var line = _partial.AsSpan(0, _partialLength);
        _partialLength = 0;
        return ErrorOf(line);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partialLength + bytes.Length, Math.Max(256, _partial.Length * 2)));
        }

        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    /// <summary>The error a line reports: <c>errorDetail.message</c>, else <c>error</c>; null for progress or non-JSON.</summary>
    internal static InBandError? ErrorOf(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf(ErrorKey) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? text = null;
            long? code = null;
            if (root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object)
            {
                text = detail.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
                code = detail.TryGetProperty("code", out var number) && number.TryGetInt64(out var value) && value > 0 ? value : null;
            }

            if (string.IsNullOrEmpty(text) && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                text = error.GetString();
            }

            return string.IsNullOrEmpty(text) ? null : new InBandError(text, code);
        }
        catch (JsonException)
        {
            // Not JSON: the consumer's own parser reports it; the guard only looks for errors.
            return null;
        }
    }
}
