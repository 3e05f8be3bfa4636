using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// Code that polls an exec's running state (<c>ContainerExecInspectResponse.Running</c>) waits for the exec its own way:
/// an exit code read once the exec is no longer running is final. Public code does it (an older Testcontainers among
/// others); PULL002 cannot prove a race there and says nothing. Polling a container's state is not polling an exec.
/// The exec inspected once without asking whether it runs stays reported
/// (<see cref="CompletionStreamNotReadToEndTests.Exec_without_any_read_is_reported"/>).
/// </summary>
public class PolledExecTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_polled_until_it_stops_running_then_read_to_its_end_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<(string, long?)> Run(IDockerClient client, string id, CancellationToken ct)
            {
                var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                for (ContainerExecInspectResponse response; (response = await client.Exec.InspectContainerExecAsync(id, ct)) != null;)
                {
                    if (response.Running)
                    {
                        continue;
                    }

                    var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
                    return (stdout, response.ExitCode);
                }

                return (string.Empty, null);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_polled_a_bounded_number_of_times_inside_a_using_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<bool> Run(IDockerClient client, string id, int maxLoopCount)
            {
                using (var stream = await client.Exec.$ExecStart$(id$ExecArgs$))
                {
                    for (int i = 0; i < maxLoopCount; i++)
                    {
                        var execInspect = await client.Exec.InspectContainerExecAsync(id);
                        if (!execInspect.Running)
                        {
                            return execInspect.ExitCode == 0;
                        }

                        await Task.Delay(100);
                    }
                }

                return false;
            }
        }
        """, library);

    /// <summary>The same loop on the container's state: the exec's exit code is still read before its output ended.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Polling_the_container_instead_of_the_exec_is_still_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> Run(IDockerClient client, string container, string id)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                while ((await client.Containers.InspectContainerAsync(container)).State.Running)
                {
                    await Task.Delay(100);
                }

                return (await client.Exec.InspectContainerExecAsync(id)).ExitCode;
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));
}
