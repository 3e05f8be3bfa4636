using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>What a drained progress stream said.</summary>
/// <param name="MessageCount">How many JSON messages it held.</param>
/// <param name="LastStatus">The last <c>status</c> or <c>stream</c> text, or null when there was none.</param>
public sealed record DrainResult(int MessageCount, string? LastStatus);

/// <summary>
/// Reads a stream of newline-delimited JSON progress messages (the obsolete build overload's stream, or any raw
/// response of pull/push/load/import) to its end, reports each message, and fails with <see cref="EngineErrorException"/>
/// on the first in-band error. Returning normally means the engine finished the job.
/// </summary>
public static class ProgressStreamDrain
{
    private const int MaxQuotedLength = 200;

    /// <summary>Drains <paramref name="stream"/> to its end; disposes nothing (the caller owns the stream).</summary>
    /// <exception cref="EngineErrorException">The engine reported an error inside the stream.</exception>
    /// <exception cref="InvalidDataException">A line is not a JSON object.</exception>
    public static async Task<DrainResult> DrainAsync(Stream stream, string operation, IProgress<JSONMessage>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var reader = Reader(stream, operation);
        var messages = new Messages(operation, progress);
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            messages.Read(line);
        }

        return messages.Result;
    }

    /// <summary>
    /// The same as <see cref="DrainAsync"/> for code that cannot await (a synchronous method, a constructor): blocks
    /// until the engine has finished the job, and fails the same way. It blocks on the asynchronous reads because the
    /// Enhanced client's response streams do not support synchronous reads (they throw NotSupportedException); every
    /// await inside is ConfigureAwait(false), so blocking does not deadlock on a synchronization context.
    /// </summary>
    /// <exception cref="EngineErrorException">The engine reported an error inside the stream.</exception>
    /// <exception cref="InvalidDataException">A line is not a JSON object.</exception>
    public static DrainResult Drain(Stream stream, string operation, IProgress<JSONMessage>? progress = null) =>
        DrainAsync(stream, operation, progress).GetAwaiter().GetResult();

    /// <summary>A reader over the caller's stream that leaves it open: the caller owns it.</summary>
    private static StreamReader Reader(Stream stream, string operation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(operation);
        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
    }

    /// <summary>What both drains do with each line: parse it, report it, fail on an in-band error, count it.</summary>
    private sealed class Messages(string operation, IProgress<JSONMessage>? progress)
    {
        private int _count;
        private string? _lastStatus;

        public DrainResult Result => new(_count, _lastStatus);

        public void Read(string line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            var message = Parse(line, operation);
            _count++;
            progress?.Report(message);
            if (EngineErrors.Of(message) is { } error)
            {
                throw new EngineErrorException(operation, error, message.Error?.Code is > 0 ? message.Error.Code : null);
            }

            _lastStatus = message.Status ?? message.Stream?.TrimEnd('\n') ?? _lastStatus;
        }
    }

    /// <summary>One progress line as Docker.DotNet's <see cref="JSONMessage"/>.</summary>
    internal static JSONMessage Parse(string line, string operation)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"The {operation} stream holds a line that is not JSON: {Quote(line)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The {operation} stream holds a line that is not a JSON object: {Quote(line)}");
            }

            var message = new JSONMessage
            {
                Status = String(root, "status"),
                ID = String(root, "id"),
                Stream = String(root, "stream"),
            };
            var error = String(root, "error");
            ClientDifferences.SetLegacyFields(message, String(root, "from"), String(root, "progress"), error);
            if (root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object)
            {
                message.Error = new JSONError
                {
                    Message = String(detail, "message") ?? error,
                    Code = detail.TryGetProperty("code", out var code) && code.TryGetInt64(out var value) ? value : 0,
                };
            }
            else if (error is not null)
            {
                // An error without errorDetail (older engines): Error is the one field both clients have.
                message.Error = new JSONError { Message = error };
            }

            if (root.TryGetProperty("progressDetail", out var progress) && progress.ValueKind == JsonValueKind.Object)
            {
                message.Progress = new JSONProgress
                {
                    Current = Int64(progress, "current"),
                    Total = Int64(progress, "total"),
                    Start = Int64(progress, "start"),
                };
            }

            return message;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;

    private static string Quote(string line) =>
        "\"" + (line.Length <= MaxQuotedLength ? line : line.Substring(0, MaxQuotedLength) + "…") + "\"";
}
