using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// PULL004 follows paths like PULL002: a data stream that is never disposed must be read to its end (or handed on) on
/// every normal path, or the engine connection stays open on the path that skips it.
/// </summary>
public class DataStreamPathTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_follow_loop_that_stops_on_cancellation_before_reading_is_reported(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, CancellationToken cancellationToken)
            {
                var logs = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Follow = true });
                var buffer = new byte[4096];
                while (!cancellationToken.IsCancellationRequested)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                    if (read.EOF)
                    {
                        break;
                    }
                }
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0)
            .WithArguments("IContainerOperations.GetContainerLogsAsync", "can be left open on some path"));

    /// <summary>The loop reads, but a way out that is not the end of the data (cancellation, here) leaves the stream open.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_follow_loop_left_on_cancellation_after_reading_is_reported(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, CancellationToken cancellationToken)
            {
                var logs = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Follow = true });
                var buffer = new byte[4096];
                while (true)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (read.EOF)
                    {
                        break;
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Read_to_its_end_on_one_branch_only_is_reported(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task<string> M(IDockerClient client, string id, bool wanted)
            {
                var logs = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                if (!wanted)
                {
                    return string.Empty;
                }

                var (stdout, _) = await logs.ReadOutputToEndAsync(CancellationToken.None);
                return stdout;
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Using_finally_hand_off_or_a_read_on_every_path_is_not_reported(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task Using(IDockerClient client, string id, CancellationToken cancellationToken)
            {
                using var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { Follow = true });
                while (!cancellationToken.IsCancellationRequested)
                {
                    var read = await logs.ReadOutputAsync(new byte[64], 0, 64, cancellationToken);
                    if (read.EOF) break;
                }
            }

            async Task Finally(IDockerClient client, string id, bool wanted)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters());
                try
                {
                    if (!wanted) return;
                    await logs.ReadOutputToEndAsync(CancellationToken.None);
                }
                finally
                {
                    logs.Dispose();
                }
            }

            async Task<MultiplexedStream> HandedOn(IDockerClient client, string id, bool wanted)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters());
                if (wanted)
                {
                    return logs;
                }

                await logs.ReadOutputToEndAsync(CancellationToken.None);
                return null!;
            }

            async Task EveryPath(IDockerClient client, string id, bool wanted)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters());
                if (wanted)
                {
                    Console.WriteLine((await logs.ReadOutputToEndAsync(CancellationToken.None)).stdout);
                }
                else
                {
                    await logs.CopyOutputToAsync(Stream.Null, Stream.Null, Stream.Null, CancellationToken.None);
                }
            }
        }
        """, library);
}
