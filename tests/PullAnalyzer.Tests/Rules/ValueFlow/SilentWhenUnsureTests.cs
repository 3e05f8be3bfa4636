using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules.ValueFlow;

/// <summary>
/// Silent when unsure (docs/design.md §3): PULL002 and PULL004 are claimed only when the Docker call and every use on
/// the stream's flow bind. Silence is per stream: code that does not bind elsewhere in the member changes nothing.
/// </summary>
public class SilentWhenUnsureTests
{
    /// <summary>The listener's other parameter is a type from a package the compilation does not see.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_attach_stream_given_to_a_constructor_with_an_unbound_argument_is_unknown(DockerLibrary library) => D.AnalyzeUnbound("""
        class Listener
        {
            public Listener(MultiplexedStream stream, ILogger logger) { }
        }

        class C
        {
            async Task M(IDockerClient client, string id, ILogger logger)
            {
                var stream = await client.Containers.AttachContainerAsync(id$Tty$, new ContainerAttachParameters(), CancellationToken.None);
                var listener = new Listener(stream, logger);
                Console.WriteLine(listener);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_wrapper_whose_constructor_does_not_bind_is_unknown(DockerLibrary library) => D.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var export = await client.Containers.ExportContainerAsync(id, CancellationToken.None);
                var reader = new StreamReader(export, undefinedEncoding);
                Console.WriteLine(await reader.ReadLineAsync());
            }
        }
        """, library);

    /// <summary>One unbound name inside the build parameters: the drained build stays silent (and no fix piles up drains).</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_drained_build_with_an_unbound_argument_stays_silent(DockerLibrary library) => C.AnalyzeUnbound("""
        using System.Collections.Generic;
        class C
        {
            async Task M(IDockerClient client, Stream tar)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Tags = new List<string> { config.Tag } });
                using var reader = new StreamReader(output);
                while (await reader.ReadLineAsync() is { } line)
                {
                    Console.WriteLine(line);
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_given_to_a_helper_that_does_not_compile_is_unknown(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            static async Task DrainAsync(Stream stream)
            {
                await stream.CopyToAsync(UndefinedSink.Instance);
            }

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await DrainAsync(output);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_member_of_the_stream_being_typed_is_unknown(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await output.CopyToAsyn(Stream.Null);
            }
        }
        """, library);

    /// <summary>Code being typed a few lines below, and a type from a missing reference elsewhere, do not silence this stream.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Errors_elsewhere_in_the_member_do_not_silence_a_stream_whose_flow_binds(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, IMissingLogger logger)
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                using var reader = new StreamReader(output);
                Console.WriteLine(await reader.ReadLineAsync());
                logger.Log("built");
                var next = undefinedThing.
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_data_stream_whose_flow_binds_is_still_reported_beside_broken_code(DockerLibrary library) => D.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None);
                Console.WriteLine(export.ReadByte());
                Console.WriteLine(undefinedValue);
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));
}
