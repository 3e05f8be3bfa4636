using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules.ValueFlow;

/// <summary>
/// Follow the value, not the local (docs/design.md §3): every alias of the stream — a copy, a pattern, <c>as</c>, a cast,
/// <c>??</c>, a conditional expression, a deconstruction, <c>using var x = s</c> — shares one verdict, and a read or a
/// dispose through any of them counts for the stream.
/// </summary>
public class AliasTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_disposed_through_a_pattern_variable_is_disposed(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                object o = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters(), CancellationToken.None);
                if (o is Stream s)
                {
                    s.Dispose();
                }
            }
        }
        """, library);

    /// <summary>The local is typed object: `using` would not compile there, so no fix is offered.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_only_read_through_a_pattern_variable_is_never_disposed(DockerLibrary library) => D.AnalyzeExpectingNoFix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                object o = await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters(), CancellationToken.None);
                if (o is Stream s)
                {
                    Console.WriteLine(s.ReadByte());
                }
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Switch_patterns_as_casts_and_copies_carry_the_stream(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task Switched(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                object o = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                switch (o)
                {
                    case Stream s:
                        await s.CopyToAsync(Stream.Null);
                        break;
                }
            }

            async Task Cast(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                object o = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var s = o as Stream;
                var t = (Stream)o;
                await t.CopyToAsync(Stream.Null);
            }

            async Task Copied(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var copy = output;
                using var same = copy;
                using var reader = new StreamReader(same);
                await reader.ReadToEndAsync();
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_copy_read_one_line_is_not_read_to_its_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                var copy = output;
                using var reader = new StreamReader(copy);
                Console.WriteLine(await reader.ReadLineAsync());
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Coalesce_conditional_and_deconstruction_carry_the_stream(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task Coalesced(IDockerClient client, string id)
            {
                var logs = await client.Containers.ExportContainerAsync(id, CancellationToken.None) ?? Stream.Null;
                logs.Dispose();
            }

            async Task Chosen(IDockerClient client, string id, bool wanted)
            {
                var logs = wanted ? await client.Containers.ExportContainerAsync(id, CancellationToken.None) : Stream.Null;
                using (logs)
                {
                }
            }

            async Task Deconstructed(IDockerClient client, string id)
            {
                var (logs, count) = (await client.Containers.ExportContainerAsync(id, CancellationToken.None), 1);
                await using var owned = logs;
                Console.WriteLine(count);
            }
        }
        """, library);

    /// <summary>The stream reaches its local through <c>??</c> or a tuple: the fix knows no place for <c>using</c> there yet.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Coalesced_or_deconstructed_and_never_disposed_is_reported(DockerLibrary library) => D.AnalyzeExpectingNoFix("""
        class C
        {
            async Task Coalesced(IDockerClient client, string id)
            {
                var logs = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None) ?? Stream.Null;
                Console.WriteLine(logs.ReadByte());
            }

            async Task Deconstructed(IDockerClient client, string id)
            {
                var (logs, count) = (await client.Containers.{|#1:ExportContainerAsync|}(id, CancellationToken.None), 1);
                Console.WriteLine(logs.ReadByte() + count);
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1));

    /// <summary>Overwriting one of two locals that hold the stream does not lose it: the other still does.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Overwriting_one_alias_keeps_the_stream_in_the_other(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                Stream? output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var kept = output;
                output = null;
                await kept.CopyToAsync(Stream.Null);
                Console.WriteLine(output);
            }
        }
        """, library);

    /// <summary>A lambda that stores the stream in a local of the method around it hands it on: the method uses it.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_stored_in_a_local_of_the_enclosing_method_is_handed_on(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                Stream? kept = null;
                Stream? alias = null;
                Func<Task> build = async () =>
                {
                    kept = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    alias = output;
                };
                await build();
                await kept!.CopyToAsync(Stream.Null);
                await alias!.CopyToAsync(Stream.Null);
            }
        }
        """, library);
}
