using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>
/// The guard in an HTTP pipeline without an engine: a fake transport answers each request with canned bytes, in chunks
/// of random sizes, so that what the guard does to each byte, line and request is seen exactly.
/// </summary>
public sealed class GuardPipelineTests : IDisposable
{
    private readonly EngineStreamGuard _guard = new();
    private readonly FakeEngine _engine = new();
    private readonly HttpClient _http;

    public GuardPipelineTests()
    {
        _http = new HttpClient(new GuardHandler(_guard, _engine)) { BaseAddress = new Uri("http://engine/v1.44/") };
    }

    public void Dispose()
    {
        _http.Dispose();
        _guard.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_progress_stream_reaches_the_reader_byte_for_byte_and_fails_after_the_error_line(int seed)
    {
        var lines = Enumerable.Range(0, 2000).Select(i => $"{{\"status\":\"Downloading\",\"progressDetail\":{{\"current\":{i},\"total\":2000}},\"id\":\"2bc82c6b7c1e\"}}").ToList();
        lines.Add("{\"errorDetail\":{\"message\":\"unknown blob\",\"code\":7},\"error\":\"unknown blob\"}");
        var sent = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        _engine.Answer("images/create", sent, seed);

        var line = Here(); using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "images/create?fromImage=busybox&tag=1"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[37];
        var error = await Assert.ThrowsAsync<EngineErrorException>(async () =>
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        });

        Assert.Equal(sent, received.ToArray());
        Assert.Equal("unknown blob", error.EngineMessage);
        Assert.Equal(7, error.Code);
        Assert.Equal("pull of busybox:1", error.Operation);
        Assert.Equal(line, error.Site?.Line);
        var violation = Assert.Single(_guard.Violations);
        Assert.Equal(ViolationKind.EngineError, violation.Kind);
        Assert.Equal("POST /images/create", violation.Endpoint);
        Assert.Equal("PULL005", violation.Rule);
    }

    [Fact]
    public async Task An_error_line_without_a_newline_at_the_end_fails_the_read_of_the_end()
    {
        _engine.Answer("build", Encoding.UTF8.GetBytes("{\"stream\":\"Step 1/2 : FROM busybox\\n\"}\n{\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}"), seed: 4);
        using var response = await Post("build?t=app:1");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("{\"stream\":\"Step 1/2 : FROM busybox\\n\"}", await reader.ReadLineAsync());
        var error = await Assert.ThrowsAsync<EngineErrorException>(() => reader.ReadToEndAsync());

        Assert.Equal("The command '/bin/sh -c false' returned a non-zero code: 1", error.EngineMessage);
        Assert.Equal("build of app:1", error.Operation);
    }

    [Fact]
    public async Task A_zero_byte_read_is_not_the_end_of_the_stream()
    {
        _engine.Answer("build", Encoding.UTF8.GetBytes("{\"stream\":\"x\"}\n"), seed: 12);
        using var response = await Post("build");
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, stream.Read(Span<byte>.Empty));
        await stream.DisposeAsync();

        Assert.Equal(ViolationKind.DisposedBeforeEnd, Assert.Single(_guard.Violations).Kind);
    }

    [Fact]
    public async Task Text_that_only_mentions_an_error_passes_as_it_is()
    {
        var sent = Encoding.UTF8.GetBytes("{\"stream\":\"echo \\\"error\\\": none\\n\"}\n{\"stream\":\"error\"}\n{\"status\":\"errorDetail is a word\"}\n");
        _engine.Answer("build", sent, seed: 5);
        using var response = await Post("build");

        Assert.Equal(sent, await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(_guard.Violations);
    }

    [Fact]
    public async Task The_registry_credentials_sent_with_the_pull_never_reach_a_message()
    {
        _engine.Answer("images/create", Encoding.UTF8.GetBytes("{\"error\":\"denied for ci:pa-secret-password-41 at registry\"}\n"), seed: 6);
        using var request = new HttpRequestMessage(HttpMethod.Post, "images/create?fromImage=busybox&tag=1");
        request.Headers.Add("X-Registry-Auth", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"username\":\"ci\",\"password\":\"pa-secret-password-41\"}")).Replace('+', '-').Replace('/', '_'));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => response.Content.ReadAsStringAsync());

        Assert.Equal("denied for ci:*** at registry", error.EngineMessage);
        Assert.DoesNotContain("pa-secret-password-41", string.Join("\n", _guard.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_while_the_pull_of_its_image_is_unread_names_both_calls()
    {
        _engine.Answer("images/create", Encoding.UTF8.GetBytes("{\"status\":\"Pulling from library/busybox\"}\n"), seed: 7);
        _engine.Answer("containers/create", Encoding.UTF8.GetBytes("{\"Id\":\"c1\"}"), seed: 7);

        var pullLine = Here(); using var pull = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "images/create?fromImage=docker.io/library/busybox"), HttpCompletionOption.ResponseHeadersRead);
        var pullStream = await pull.Content.ReadAsStreamAsync();
        var createLine = Here(); using var create = await _http.PostAsync("containers/create", new StringContent("{\"Image\":\"busybox\"}", Encoding.UTF8, "application/json"));

        var violation = Assert.Single(_guard.Violations);
        Assert.Equal(ViolationKind.DependsOnUnfinishedJob, violation.Kind);
        Assert.Equal("pull", violation.Job);
        Assert.Equal(pullLine, violation.Site?.Line);
        Assert.Equal(createLine, violation.DependentSite?.Line);
        Assert.Equal("POST /containers/create", violation.DependentEndpoint);
        Assert.Contains("a container was created from busybox:latest while its pull was still running", violation.Detail, StringComparison.Ordinal);
        // The create itself went to the engine unchanged.
        Assert.Equal("{\"Image\":\"busybox\"}", _engine.Bodies["containers/create"]);

        // Read to its end, the pull is finished: a second create is no violation.
        await pullStream.CopyToAsync(Stream.Null);
        using var again = await Post("containers/create", new StringContent("{\"Image\":\"busybox:latest\"}"));
        Assert.Single(_guard.Violations);
    }

    [Fact]
    public async Task A_data_stream_may_be_disposed_early_but_a_completion_stream_may_not()
    {
        _engine.Answer("containers/c1/logs", new byte[4096], seed: 8);
        _engine.Answer("build", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"stream\":\"x\"}\n", 200))), seed: 8);

        using (var logs = await _http.GetAsync("containers/c1/logs?follow=1", HttpCompletionOption.ResponseHeadersRead))
        await using (var stream = await logs.Content.ReadAsStreamAsync())
        {
            Assert.True(await stream.ReadAsync(new byte[10]) > 0);
        }

        using (var build = await Post("build"))
        await using (var stream = await build.Content.ReadAsStreamAsync())
        {
            Assert.True(await stream.ReadAsync(new byte[10]) > 0);
        }

        var violation = Assert.Single(_guard.Violations);
        Assert.Equal(ViolationKind.DisposedBeforeEnd, violation.Kind);
        Assert.Equal("build", violation.Job);
        Assert.Equal("PULL002", violation.Rule);
    }

    [Fact]
    public async Task A_read_cancelled_then_disposed_is_an_abandoned_job()
    {
        _engine.Hang("build");
        using var response = await Post("build");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var stream = await response.Content.ReadAsStreamAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[10], cancel.Token).AsTask());
        await stream.DisposeAsync();

        Assert.Equal(ViolationKind.AbandonedOnCancellation, Assert.Single(_guard.Violations).Kind);
    }

    [Fact]
    public async Task A_failing_ViolationFound_handler_is_recorded_and_never_reaches_the_caller()
    {
        _guard.ViolationFound += _ => throw new InvalidOperationException("handler bug");
        _engine.Answer("build", Encoding.UTF8.GetBytes("{\"stream\":\"x\"}\n"), seed: 9);
        using (var response = await Post("build"))
        {
            (await response.Content.ReadAsStreamAsync()).Dispose();
        }

        Assert.Equal(new[] { ViolationKind.DisposedBeforeEnd, ViolationKind.GuardFault }, _guard.Violations.Select(v => v.Kind));
        Assert.Contains("handler bug", _guard.Violations[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_the_guard_does_not_follow_pass_untouched()
    {
        _engine.Answer("containers/json", Encoding.UTF8.GetBytes("[]"), seed: 10);
        using var response = await _http.GetAsync("containers/json");

        Assert.Same(_engine.LastContent, response.Content);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
        await _guard.ThrowIfViolationsAsync();
    }

    [Fact]
    public async Task An_engine_refusal_leaves_nothing_to_report()
    {
        _engine.Answer("images/create", Encoding.UTF8.GetBytes("{\"message\":\"manifest unknown\"}"), seed: 11, HttpStatusCode.NotFound);
        using (var response = await Post("images/create?fromImage=nothing"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await _guard.ThrowIfViolationsAsync();
    }

    /// <summary>A POST answered as Docker.DotNet asks for streams: at the headers, the body left to the reader. (The calls
    /// whose site a test checks are made inline instead: this helper would be their site.)</summary>
    private Task<HttpResponseMessage> Post(string path, HttpContent? content = null) =>
        _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, HttpCompletionOption.ResponseHeadersRead);

    private static int Here([CallerLineNumber] int line = 0) => line;

    /// <summary>A transport that answers each path with its canned bytes, delivered in chunks of random sizes.</summary>
    private sealed class FakeEngine : HttpMessageHandler
    {
        private readonly Dictionary<string, (byte[] Body, int Seed, HttpStatusCode Status)> _answers = new();
        private readonly HashSet<string> _hanging = new();

        public Dictionary<string, string> Bodies { get; } = new();

        public HttpContent? LastContent { get; private set; }

        public void Answer(string path, byte[] body, int seed, HttpStatusCode status = HttpStatusCode.OK) => _answers[path] = (body, seed, status);

        public void Hang(string path) => _hanging.Add(path);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath.Substring("/v1.44/".Length);
            if (request.Content is not null)
            {
                Bodies[path] = await request.Content.ReadAsStringAsync(cancellationToken);
            }

            if (_hanging.Contains(path))
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = LastContent = new StreamContent(new HangingStream()) };
            }

            var (body, seed, status) = _answers[path];
            return new HttpResponseMessage(status) { Content = LastContent = new StreamContent(new ChunkedStream(body, seed)) };
        }
    }

    /// <summary>Returns its bytes in reads of 1 to 64 bytes, as a socket does.</summary>
    private sealed class ChunkedStream(byte[] data, int seed) : MemoryStream(data, writable: false)
    {
        private readonly Random _random = new(seed);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _random.Next(1, 65)));

        public override int Read(Span<byte> buffer) => base.Read(buffer.Slice(0, Math.Min(buffer.Length, _random.Next(1, 65))));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>A response whose next bytes never come (a job still running); reads end only by cancellation.</summary>
    private sealed class HangingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
