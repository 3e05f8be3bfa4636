using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// A stream written to is not a stream read: feeding an exec's input (<c>WriteAsync</c>, <c>CopyFromAsync</c>,
/// <c>CloseWrite</c>) or copying into a stream says nothing about its output, so the job is not finished until the output
/// is read. A copy *from* the stream reads it to its end.
/// </summary>
public class WrittenIsNotReadTests
{
    private const string Inspected = "the exec may still be running, and its exit code is not final until its output is read to the end";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_fed_and_closed_then_inspected_without_reading_its_output_is_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id, byte[] input, Stream script)
            {
                using var exec = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                await exec.WriteAsync(input, 0, input.Length, CancellationToken.None);
                await exec.CopyFromAsync(script, CancellationToken.None);
                exec.CloseWrite();
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }
        }
        """, library,
        C.Diagnostic("PULL002").WithLocation(0).WithArguments("IExecOperations." + DockerLibraries.ExecStart(library), "is not read to its end before the exec is inspected", Inspected));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_fed_closed_and_read_to_its_end_before_the_inspection_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id, Stream script, Stream stdout, Stream stderr)
            {
                using var exec = await client.Exec.$ExecStart$(id$ExecArgs$);
                await exec.CopyFromAsync(script, CancellationToken.None);
                exec.CloseWrite();
                await exec.CopyOutputToAsync(Stream.Null, stdout, stderr, CancellationToken.None);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }
        }
        """, library);

    /// <summary>A build's output copied into: written, never read; a copy from it: read to its end.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_copied_into_is_not_read_and_one_copied_from_is(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, Stream source, Stream file)
            {
                using var written = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                await source.CopyToAsync(written);
                using var copied = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await copied.CopyToAsync(file);
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>The output of a build given to an exec as its input is read to its end by the copy.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_given_to_an_exec_as_its_input_is_read_to_its_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, string id)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var exec = await client.Exec.$ExecStart$(id$ExecArgs$);
                await exec.CopyFromAsync(output, CancellationToken.None);
                exec.CloseWrite();
                await exec.ReadOutputToEndAsync(CancellationToken.None);
            }
        }
        """, library);
}
