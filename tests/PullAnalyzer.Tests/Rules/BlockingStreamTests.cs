using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// A stream taken out of its task by blocking (<c>.Result</c>, <c>.GetAwaiter().GetResult()</c>, <c>Wait()</c> then
/// <c>.Result</c> on a local) is the same stream as an awaited one, and is followed the same way.
/// </summary>
public class BlockingStreamTests
{
    private static DiagnosticResult Pull(string id, int marker = 0) => C.Diagnostic(id).WithLocation(marker);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Result_kept_and_never_read_in_a_sync_method_is_reported_and_fixed_with_a_blocking_drain(DockerLibrary library) => C.Analyze("""
        class C
        {
            void M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p).Result;
            }
        }
        """, library,
        Pull("PULL001").WithArguments("IImageOperations.BuildImageFromDockerfileAsync", "is kept in 'output' but never read",
            "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task GetResult_thrown_away_in_an_async_method_is_reported_and_fixed(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p).ConfigureAwait(false).GetAwaiter().GetResult();
                await Task.Yield();
            }
        }
        """, library, Pull("PULL001"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Wait_then_Result_on_a_task_local_with_an_early_return_is_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag)
            {
                var task = client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                task.Wait();
                using var output = task.Result;
                if (flag) return;
                await output.CopyToAsync(Stream.Null);
            }
        }
        """, library, Pull("PULL002").WithArguments("IImageOperations.BuildImageFromDockerfileAsync", "can be disposed before it is read to its end",
            "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_output_by_Result_inspected_early_is_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id)
            {
                using var output = client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$).Result;
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }
        }
        """, library, Pull("PULL002"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Result_read_to_its_end_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            void M(IDockerClient client, Stream tar, ImageBuildParameters p, string id)
            {
                using var output = client.Images.BuildImageFromDockerfileAsync(tar, p).Result;
                output.CopyTo(Stream.Null);
                var task = client.Images.BuildImageFromDockerfileAsync(tar, p);
                task.Wait();
                if (task.IsCompleted)
                {
                    using var reader = new StreamReader(task.GetAwaiter().GetResult());
                    reader.ReadToEnd();
                }

                using var exec = client.Exec.$ExecStart$(id$ExecArgs$).GetAwaiter().GetResult();
                exec.ReadOutputToEndAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_task_local_handed_on_or_read_twice_leaves_the_stream_unknown(DockerLibrary library) => C.Analyze("""
        class C
        {
            static Task<Stream> Keep(Task<Stream> task) => task;

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var handedOn = client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Keep(handedOn);
                var twice = client.Images.BuildImageFromDockerfileAsync(tar, p);
                var first = twice.Result;
                var second = await twice;
                await second.CopyToAsync(Stream.Null);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_by_Result_never_disposed_are_PULL004_and_get_a_using(DockerLibrary library) => D.Analyze("""
        class C
        {
            int M(IDockerClient client, string id)
            {
                var logs = client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true }).Result;
                return logs.ReadOutputAsync(new byte[16], 0, 16, CancellationToken.None).Result.Count;
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));
}
