using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;
using P = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.ProgressErrorAnalyzer>;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.UnawaitedTaskAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// Correct shapes as public code that calls Docker.DotNet writes them (iterators with a finally, null checks before a
/// using statement, reads under a timeout, pulls awaited through continuations and collections, progress objects of
/// one's own): each must stay silent, also while an argument is being typed; with one reported twin where the shape is
/// new to the rule.
/// </summary>
public class PublicCodeShapesTests
{
    /// <summary>A pull whose progress fails the call on the engine's error: only its awaiting is in question.</summary>
    private const string Pull = "client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new FailFast())";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_follow_stream_of_an_async_iterator_disposed_in_its_finally_is_not_reported(DockerLibrary library) => D.Analyze("""
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        class C
        {
            async IAsyncEnumerable<string> Live(IDockerClient client, string id, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                MultiplexedStream? stream = null;
                try
                {
                    stream = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Follow = true }, cancellationToken);
                    var buffer = new byte[81920];
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                        if (result.EOF) break;
                        yield return System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
                    }
                }
                finally
                {
                    stream?.Dispose();
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task The_same_iterator_without_the_finally_is_reported(DockerLibrary library) => D.Analyze("""
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        class C
        {
            async IAsyncEnumerable<string> Live(IDockerClient client, string id, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var stream = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Follow = true }, cancellationToken);
                var buffer = new byte[81920];
                while (!cancellationToken.IsCancellationRequested)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                    if (result.EOF) break;
                    yield return System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
                }
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_stream_checked_for_null_then_read_to_its_end_in_a_using_statement_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<string> Run(IDockerClient client, string id, CancellationToken ct)
            {
                var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (stream is null)
                {
                    return string.Empty;
                }

                using (stream)
                {
                    var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
                    return stdout + stderr;
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_fed_then_read_to_its_end_under_a_timeout_before_its_inspection_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> Run(IDockerClient client, string id, byte[] input, CancellationToken token)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                await stream.WriteAsync(input, 0, input.Length, token);
                stream.CloseWrite();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var (stdout, _) = await stream.ReadOutputToEndAsync(cts.Token);
                Console.WriteLine(stdout);
                return (await client.Exec.InspectContainerExecAsync(id, token)).ExitCode;
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_logs_stream_read_to_its_end_inside_a_try_with_a_catch_is_not_reported(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task<string> Tail(IDockerClient client, string id, CancellationToken cancellationToken)
            {
                try
                {
                    using var logStream = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Tail = "200" }, cancellationToken);
                    var (stdout, stderr) = await logStream.ReadOutputToEndAsync(cancellationToken);
                    return stdout + stderr;
                }
                catch (DockerApiException ex)
                {
                    return ex.Message;
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_stream_read_to_its_end_by_a_task_awaited_before_the_inspection_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> Run(IDockerClient client, string id, CancellationToken token)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var reading = Task.Run(() => stream.ReadOutputToEndAsync(token));
                var (stdout, stderr) = await reading;
                Console.WriteLine(stdout + stderr);
                return (await client.Exec.InspectContainerExecAsync(id, token)).ExitCode;
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_copied_out_before_its_inspection_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> Run(IDockerClient client, string id, CancellationToken token)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                using var stdout = new MemoryStream();
                using var stderr = new MemoryStream();
                await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, token);
                return (await client.Exec.InspectContainerExecAsync(id, token)).ExitCode;
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_build_read_line_by_line_that_throws_on_an_error_line_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task Build(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(output);
                string? line;
                while ((line = await reader.ReadLineAsync()) != null)
                {
                    if (line.Contains("\"error\""))
                    {
                        throw new InvalidOperationException(line);
                    }
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Pulls_awaited_through_continuations_collections_timeouts_and_conditions_are_not_reported(DockerLibrary library) => V.Analyze($$"""
        using System.Collections.Generic;
        using System.Linq;
        class FailFast : IProgress<JSONMessage> { public void Report(JSONMessage m) { if (m.Error != null) throw new Exception(m.Error.Message); } }
        class C
        {
            async Task Continued(IDockerClient client, string image) => await {{Pull}}.ContinueWith(t => t.GetAwaiter().GetResult());
            async Task Selected(IDockerClient client, string[] images) => await Task.WhenAll(images.Select(image => {{Pull}}));
            async Task WithTimeout(IDockerClient client, string image, CancellationToken token)
            {
                var pull = {{Pull}};
                try
                {
                    await pull.WaitAsync(TimeSpan.FromMinutes(5), token);
                }
                catch (TimeoutException)
                {
                    throw;
                }
            }
            async Task InArray(IDockerClient client, string[] images)
            {
                var pulls = new Task[images.Length];
                for (var i = 0; i < images.Length; i++)
                {
                    var image = images[i];
                    pulls[i] = {{Pull}};
                }

                await Task.WhenAll(pulls);
            }
            Task Ran(IDockerClient client, string image) => Task.Run(() => {{Pull}});
            async void Clicked(IDockerClient client, string image) { await {{Pull}}; }
            bool WaitedWithTimeout(IDockerClient client, string image) => {{Pull}}.Wait(TimeSpan.FromMinutes(1));
            async Task Conditional(IDockerClient client, string image, bool pull) { if (pull) await {{Pull}}; }
            async Task Ternary(IDockerClient client, string image, bool pull) => await (pull ? {{Pull}} : Task.CompletedTask);
            async Task Coalesced(IDockerClient client, string image, Task? previous) => await (previous ?? {{Pull}});
            async Task Dictionary(IDockerClient client, string image)
            {
                var jobs = new Dictionary<string, Task> { [image] = {{Pull}} };
                await Task.WhenAll(jobs.Values);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Progress_objects_that_forward_record_complete_or_collect_the_error_are_not_reported(DockerLibrary library) => P.Analyze("""
        using System.Collections.Generic;
        using System.Linq;
        class Forwarding : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _onMessage;
            public Forwarding(Action<JSONMessage> onMessage) => _onMessage = onMessage;
            public void Report(JSONMessage value) => _onMessage(value);
        }
        class Recording : IProgress<JSONMessage>
        {
            public string? LastError { get; private set; }
            public void Report(JSONMessage value)
            {
                if (!string.IsNullOrEmpty(value.Error?.Message))
                {
                    LastError = value.Error?.Message;
                }
            }
        }
        class Completing : IProgress<JSONMessage>
        {
            private readonly TaskCompletionSource<bool> _failed = new TaskCompletionSource<bool>();
            public Task Failed => _failed.Task;
            public void Report(JSONMessage value)
            {
                switch (value.Error)
                {
                    case { Message: var message }:
                        _failed.TrySetException(new Exception(message));
                        break;
                }
            }
        }
        class Collecting : IProgress<JSONMessage>
        {
            public List<JSONMessage> Messages { get; } = new List<JSONMessage>();
            public void Report(JSONMessage value) => Messages.Add(value);
        }
        class C
        {
            async Task A(IDockerClient client, string image) =>
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null,
                    new Forwarding(m => { if (m.Error != null) throw new InvalidOperationException(m.Error.Message); }));

            async Task B(IDockerClient client, string image)
            {
                var progress = new Recording();
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress);
                if (progress.LastError != null)
                {
                    throw new InvalidOperationException(progress.LastError);
                }
            }

            async Task D(IDockerClient client, string image)
            {
                var progress = new Completing();
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress);
            }

            async Task E(IDockerClient client, string image)
            {
                var progress = new Collecting();
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress);
                var error = progress.Messages.FirstOrDefault(m => m.Error != null);
                if (error != null)
                {
                    throw new InvalidOperationException(error.Error.Message);
                }
            }

            async Task F(IDockerClient client, string image, IProgress<JSONMessage> progress) =>
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress);
        }
        """, library);
}
