using System.Text;
using Docker.DotNet.Models;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>The drain of JSON progress streams, without an engine.</summary>
public class ProgressStreamDrainTests
{
    private const string Pull = """
        {"status":"Pulling from busybox","id":"1"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"83cef268603c"}
        {"status":"Downloading","progressDetail":{"current":36445,"total":1064676},"progress":"[=>   ]","id":"83cef268603c"}
        {"status":"Pull complete","progressDetail":{},"id":"83cef268603c"}
        {"status":"Status: Downloaded newer image for 127.0.0.1:5000/busybox:1"}

        """;

    [Fact]
    public async Task Reads_every_message_in_order_even_one_byte_per_read()
    {
        var seen = new List<JSONMessage>();
        var result = await ProgressStreamDrain.DrainAsync(new TrickleStream(Pull, chunk: 1), "pull", new SyncProgress(seen.Add));

        Assert.Equal(5, result.MessageCount);
        Assert.Equal("Status: Downloaded newer image for 127.0.0.1:5000/busybox:1", result.LastStatus);
        Assert.Equal(new[] { "Pulling from busybox", "Pulling fs layer", "Downloading", "Pull complete", "Status: Downloaded newer image for 127.0.0.1:5000/busybox:1" },
            seen.Select(m => m.Status));
        Assert.Equal(36445, seen[2].Progress!.Current);
        Assert.Equal(1064676, seen[2].Progress!.Total);
        Assert.Equal("83cef268603c", seen[2].ID);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(4096)]
    public async Task A_message_split_across_reads_is_parsed_whole(int chunk)
    {
        var seen = new List<JSONMessage>();
        var result = await ProgressStreamDrain.DrainAsync(new TrickleStream(Pull, chunk), "pull", new SyncProgress(seen.Add));
        Assert.Equal(5, result.MessageCount);
        Assert.All(seen, m => Assert.NotNull(m.Status));
    }

    [Fact]
    public async Task Blank_lines_are_skipped()
    {
        var result = await ProgressStreamDrain.DrainAsync(Utf8("\n\n{\"stream\":\"Step 1/2 : FROM x\\n\"}\r\n   \n{\"stream\":\"Successfully built 1234\\n\"}\n\n"), "build");
        Assert.Equal(2, result.MessageCount);
        Assert.Equal("Successfully built 1234", result.LastStatus);
    }

    [Fact]
    public async Task Non_json_garbage_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ProgressStreamDrain.DrainAsync(Utf8("{\"status\":\"ok\"}\n<html>502 Bad Gateway</html>\n"), "pull"));
        Assert.Equal("The pull stream holds a line that is not JSON: \"<html>502 Bad Gateway</html>\"", error.Message);
    }

    [Fact]
    public async Task A_json_value_that_is_not_an_object_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ProgressStreamDrain.DrainAsync(Utf8("[1,2]\n"), "load"));
        Assert.Contains("not a JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_band_error_fails_with_the_engines_text_after_reporting_what_came_before()
    {
        var seen = new List<JSONMessage>();
        var stream = Utf8("""
            {"status":"Pulling fs layer","progressDetail":{},"id":"83cef268603c"}
            {"errorDetail":{"message":"filesystem layer verification failed for digest sha256:83ce"},"error":"filesystem layer verification failed for digest sha256:83ce"}
            {"status":"never read"}

            """);
        var error = await Assert.ThrowsAsync<EngineErrorException>(() => ProgressStreamDrain.DrainAsync(stream, "pull", new SyncProgress(seen.Add)));

        Assert.Equal("filesystem layer verification failed for digest sha256:83ce", error.EngineMessage);
        Assert.Equal("The engine reported an error during the pull: filesystem layer verification failed for digest sha256:83ce", error.Message);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task An_error_with_only_the_legacy_error_field_is_seen()
    {
        var error = await Assert.ThrowsAsync<EngineErrorException>(() =>
            ProgressStreamDrain.DrainAsync(Utf8("{\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\n"), "build"));
        Assert.Equal("The command '/bin/sh -c false' returned a non-zero code: 1", error.EngineMessage);
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_final_status_completes_with_what_it_had()
    {
        var result = await ProgressStreamDrain.DrainAsync(Utf8("{\"status\":\"Pulling fs layer\",\"id\":\"a\"}\n{\"status\":\"Downloading\",\"id\":\"a\"}"), "pull");
        Assert.Equal(2, result.MessageCount);
        Assert.Equal("Downloading", result.LastStatus);
    }

    [Fact]
    public async Task An_empty_stream_has_no_messages()
    {
        var result = await ProgressStreamDrain.DrainAsync(Utf8(""), "push");
        Assert.Equal(0, result.MessageCount);
        Assert.Null(result.LastStatus);
    }

    [Fact]
    public async Task Cancellation_stops_the_drain()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProgressStreamDrain.DrainAsync(new TrickleStream(Pull, 1), "pull", null, cancel.Token));
    }

    [Fact]
    public async Task The_drain_leaves_the_stream_open_for_its_owner()
    {
        var stream = Utf8("{\"status\":\"ok\"}\n");
        await ProgressStreamDrain.DrainAsync(stream, "pull");
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void The_synchronous_drain_reads_every_message_even_one_byte_per_read()
    {
        var seen = new List<JSONMessage>();
        var result = ProgressStreamDrain.Drain(new TrickleStream(Pull, chunk: 1), "pull", new SyncProgress(seen.Add));

        Assert.Equal(5, result.MessageCount);
        Assert.Equal("Status: Downloaded newer image for 127.0.0.1:5000/busybox:1", result.LastStatus);
        Assert.Equal(36445, seen[2].Progress!.Current);
    }

    [Fact]
    public void The_synchronous_drain_fails_with_the_engines_text_after_reporting_what_came_before()
    {
        var seen = new List<JSONMessage>();
        var stream = Utf8("""
            {"status":"Pulling fs layer","progressDetail":{},"id":"83cef268603c"}
            {"errorDetail":{"message":"filesystem layer verification failed for digest sha256:83ce"},"error":"filesystem layer verification failed for digest sha256:83ce"}
            {"status":"never read"}

            """);
        var error = Assert.Throws<EngineErrorException>(() => ProgressStreamDrain.Drain(stream, "pull", new SyncProgress(seen.Add)));

        Assert.Equal("The engine reported an error during the pull: filesystem layer verification failed for digest sha256:83ce", error.Message);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void The_synchronous_drain_names_a_line_that_is_not_json_and_leaves_the_stream_open()
    {
        var stream = Utf8("{\"status\":\"ok\"}\n<html>502 Bad Gateway</html>\n");
        var error = Assert.Throws<InvalidDataException>(() => ProgressStreamDrain.Drain(stream, "load"));

        Assert.Equal("The load stream holds a line that is not JSON: \"<html>502 Bad Gateway</html>\"", error.Message);
        Assert.True(stream.CanRead);
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a slow socket does.</summary>
    private sealed class TrickleStream(string text, int chunk) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}

/// <summary>A synchronous progress for tests (System.Progress posts to the thread pool).</summary>
public sealed class SyncProgress(Action<JSONMessage> report) : IProgress<JSONMessage>
{
    public void Report(JSONMessage value) => report(value);
}
