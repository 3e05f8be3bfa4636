using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>PULL001: the stream of a completion API is thrown away.</summary>
public class CompletionStreamDiscardedTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Awaited_build_as_statement_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
            }
        }
        """, library, V.Diagnostic("PULL001").WithLocation(0)
            .WithArguments("IImageOperations.BuildImageFromDockerfileAsync", "is discarded",
                "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Awaited_build_with_ConfigureAwait_as_statement_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p).ConfigureAwait(false);
            }
        }
        """, library, V.Diagnostic("PULL001").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Awaited_build_discarded_with_underscore_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                _ = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
            }
        }
        """, library, V.Diagnostic("PULL001").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Build_kept_in_a_local_never_read_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
            }
        }
        """, library, V.Diagnostic("PULL001").WithLocation(0)
            .WithArguments("IImageOperations.BuildImageFromDockerfileAsync", "is kept in 'output' but never read",
                "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_output_discarded_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
            }
        }
        """, library, V.Diagnostic("PULL001").WithLocation(0));
}
