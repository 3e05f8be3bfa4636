using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules.ValueFlow;

/// <summary>
/// End of data is data (docs/design.md §3): a loop reads its stream to the end when the test that leaves it depends on
/// a value a read of that stream produced — whatever else the branch does before it leaves, and whatever words the test
/// uses. A loop left by a counter, a timeout or cancellation did not reach the end.
/// </summary>
public class EndOfDataTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_loop_bounded_by_a_counter_does_not_read_to_the_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                var buffer = new byte[4096];
                for (var i = 0; i < 1; i++)
                {
                    await output.ReadAsync(buffer, 0, buffer.Length);
                }
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>Both ways out of the loop meet after it, one read to the end and one not: no drain place is right for both.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_line_loop_also_left_by_a_counter_is_not_read_to_the_end(DockerLibrary library) => C.AnalyzeExpectingNoFix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                using var reader = new StreamReader(output);
                var count = 0;
                string? line;
                while ((line = await reader.ReadLineAsync()) != null && count++ < 10)
                {
                    Console.WriteLine(line);
                }
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>The helper of an interactive exec: EOF ends the loop after it cancels the input pump.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_end_of_output_branch_that_does_more_before_it_breaks_reads_to_the_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            static async Task PumpAsync(MultiplexedStream stream, CancellationTokenSource source)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.EOF)
                    {
                        source.Cancel();
                        break;
                    }

                    Console.Write(result.Count);
                }
            }

            async Task M(IDockerClient client, string id)
            {
                using var source = new CancellationTokenSource();
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                await PumpAsync(stream, source);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                Console.WriteLine(inspect.ExitCode);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Tests_on_what_was_read_in_any_words_end_the_loop(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task ElseOfCount(IDockerClient client, string id)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.Count > 0)
                    {
                        Console.Write(result.Count);
                    }
                    else
                    {
                        break;
                    }
                }
            }

            async Task Peeked(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(output);
                while (reader.Peek() >= 0)
                {
                    Console.WriteLine(reader.ReadLine());
                }
            }

            async Task NullPattern(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(output);
                while (true)
                {
                    var line = await reader.ReadLineAsync();
                    if (line is null)
                    {
                        Console.WriteLine("done");
                        return;
                    }
                }
            }

            async Task BytesRead(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var buffer = new byte[4096];
                int read;
                do
                {
                    read = await output.ReadAsync(buffer, 0, buffer.Length);
                }
                while (read != 0);
            }

            async Task Derived(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var buffer = new byte[4096];
                while (true)
                {
                    var read = await output.ReadAsync(buffer, 0, buffer.Length);
                    var finished = read == 0;
                    if (finished)
                    {
                        break;
                    }
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_follow_loop_left_on_cancellation_leaves_the_data_stream_open(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, CancellationToken token)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None);
                var buffer = new byte[1024];
                while (!token.IsCancellationRequested)
                {
                    if (await export.ReadAsync(buffer, 0, buffer.Length) == 0)
                    {
                        Console.WriteLine("end of the export");
                        break;
                    }
                }
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    /// <summary>A shape from public code: logs read with ReadOutputAsync until EOF, never disposed: read to its end, silent.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_read_until_EOF_are_read_to_their_end(DockerLibrary library) => D.Analyze("""
        using System.Text;
        class C
        {
            async Task<(string, string)> M(IDockerClient client, string id, CancellationToken ct)
            {
                var stdout = new StringBuilder();
                var stderr = new StringBuilder();
                var stream = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, ct);
                var buffer = new byte[8192];
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                    if (read.EOF) break;

                    var text = Encoding.UTF8.GetString(buffer, 0, read.Count);
                    if (read.Target == MultiplexedStream.TargetStream.StandardError)
                        stderr.Append(text);
                    else
                        stdout.Append(text);
                }

                return (stdout.ToString(), stderr.ToString());
            }
        }
        """, library);

    /// <summary>
    /// A shape from public code: an exec's output read up to a size limit. The loop also ends on the limit, which says
    /// nothing about the end of the output: on that path the exec may still be running when it is inspected. The code
    /// reads the output itself before the inspection, so no drain is inserted there (the exec no-fix rule).
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_read_up_to_a_size_limit_is_not_read_to_its_end(DockerLibrary library) => C.AnalyzeExpectingNoFix("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id, CancellationToken ct)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var buffer = new byte[16 * 1024];
                using var captured = new MemoryStream();
                while (captured.Length < 1024 * 1024)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                    if (result.EOF) break;
                    if (result.Count == 0) continue;
                    await captured.WriteAsync(buffer, 0, result.Count, ct);
                }

                var inspect = await client.Exec.InspectContainerExecAsync(id, ct);
                return inspect.ExitCode;
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, C.Diagnostic("PULL002").WithLocation(0));
}
