using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// Paths that need no drain (the stream local is known to be null there), and the ways real code writes a loop that
/// does reach the end of a stream (<c>Count == 0</c> on a multiplexed read, <c>&gt; 0</c> on a byte read).
/// </summary>
public class NullAndEndOfStreamTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_early_return_when_the_stream_is_null_needs_no_drain(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> IsNull(IDockerClient client, string id)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (output is null) return null;
                await output.ReadOutputToEndAsync(CancellationToken.None);
                return (await client.Exec.InspectContainerExecAsync(id)).ExitCode;
            }

            async Task EqualsNull(IDockerClient client, string id)
            {
                var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (null == output)
                {
                    return;
                }

                await output.ReadOutputToEndAsync(CancellationToken.None);
            }

            async Task NotNullBlock(IDockerClient client, string id)
            {
                var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (output is not null)
                {
                    await output.ReadOutputToEndAsync(CancellationToken.None);
                }
            }

            async Task ConditionalAccess(IDockerClient client, string id)
            {
                var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                await (output?.ReadOutputToEndAsync(CancellationToken.None) ?? Task.FromResult((string.Empty, string.Empty)));
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_null_test_of_another_value_does_not_excuse_the_path(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, string? tag)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                if (tag is null) return;
                await output.ReadOutputToEndAsync(CancellationToken.None);
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_multiplexed_read_loop_that_stops_on_Count_zero_reads_to_the_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task EqualsZero(IDockerClient client, string id)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[4096];
                while (true)
                {
                    var result = await output.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.Count == 0)
                    {
                        break;
                    }
                }
            }

            async Task GreaterThanZero(IDockerClient client, string id)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[4096];
                MultiplexedStream.ReadResult result;
                do
                {
                    result = await output.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                }
                while (result.Count > 0);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_multiplexed_read_loop_that_stops_on_something_else_does_not(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var buffer = new byte[4096];
                for (var i = 0; i < 3; i++)
                {
                    var result = await output.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    Console.WriteLine(result.Count);
                }
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_read_until_Count_is_zero_are_read_to_the_end_not_leaked(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task<string> M(IDockerClient client, string id)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                var text = new System.Text.StringBuilder();
                var buffer = new byte[4096];
                while (true)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (read.Count <= 0) break;
                    text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read.Count));
                }

                return text.ToString();
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_read_once_are_still_never_disposed(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task<int> M(IDockerClient client, string id)
            {
                var logs = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                var read = await logs.ReadOutputAsync(new byte[16], 0, 16, CancellationToken.None);
                return read.Count == 0 ? 0 : 1;
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_byte_read_loop_while_more_than_zero_reads_the_build_to_its_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var buffer = new byte[4096];
                int n;
                while ((n = await output.ReadAsync(buffer, 0, buffer.Length)) > 0)
                {
                    Console.Write(n);
                }
            }
        }
        """, library);
}
