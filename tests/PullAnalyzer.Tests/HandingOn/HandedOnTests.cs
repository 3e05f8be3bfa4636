using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.HandingOn;

/// <summary>Shapes where the stream is handed on: responsibility ends, nothing is reported (docs/design.md §3).</summary>
public class HandedOnTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Returned_stream_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<Stream> M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                return output;
            }

            async Task<Stream> Direct(IDockerClient client, Stream tar, ImageBuildParameters p) =>
                await client.Images.BuildImageFromDockerfileAsync(tar, p);
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stream_passed_to_a_method_or_constructor_is_not_reported(DockerLibrary library) => V.Analyze("""
        class Progress { private readonly Stream _s; public Progress(Stream s) { _s = s; } }
        class C
        {
            static Task DrainAsync(Stream s) => s.CopyToAsync(Stream.Null);

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await DrainAsync(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                _ = new Progress(output);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stream_stored_in_field_property_or_collection_is_not_reported(DockerLibrary library) => V.Analyze("""
        using System.Collections.Generic;
        class C
        {
            Stream? _field;
            Stream? Property { get; set; }
            readonly List<Stream> _all = new List<Stream>();

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                _field = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                Property = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                _all.Add(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                var local = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                var list = new List<Stream> { local };
                Console.WriteLine(list.Count);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Lambda_result_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            static Task<T> Retry<T>(Func<Task<T>> action) => action();

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await Retry(async () => await client.Images.BuildImageFromDockerfileAsync(tar, p));
                await output.CopyToAsync(Stream.Null);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stream_captured_by_a_lambda_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Task.Run(() => output.CopyToAsync(Stream.Null));
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stream_made_and_drained_inside_a_lambda_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            Func<Task> M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag) => async () =>
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await output.CopyToAsync(Stream.Null);
            };
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Early_return_inside_a_lambda_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            Func<Task> M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag) => async () =>
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                if (flag) return;
                await output.CopyToAsync(Stream.Null);
            };
        }
        """, library, V.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Early_return_inside_a_local_function_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag)
            {
                await Local();

                async Task Local()
                {
                    using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                    if (flag) return;
                    await output.CopyToAsync(Stream.Null);
                }
            }
        }
        """, library, V.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Background_CopyOutputToAsync_pump_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, Stream stdout, Stream stderr)
            {
                var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                _ = stream.CopyOutputToAsync(Stream.Null, stdout, stderr, CancellationToken.None);
            }
        }
        """, library);

    [Fact]
    public async Task Nothing_is_reported_without_a_Docker_DotNet_reference()
    {
        var test = V.Create(library: null);
        test.TestCode = """
            using System.IO;
            using System.Threading.Tasks;
            namespace Docker.Lookalike
            {
                public interface IImageOperations { Task<Stream> BuildImageFromDockerfileAsync(Stream contents); Task CreateImageAsync(); }
                class C
                {
                    async Task M(IImageOperations images, Stream tar)
                    {
                        await images.BuildImageFromDockerfileAsync(tar);
                        _ = images.CreateImageAsync();
                    }
                }
            }
            """;
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task Nothing_is_reported_in_generated_code(DockerLibrary library)
    {
        var test = V.Create(library);
        const string body = """
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
                    await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    using (var unused = await client.Images.BuildImageFromDockerfileAsync(tar, p)) { }
                }
            }
            """;
        test.TestState.Sources.Add(("Client.g.cs", V.Usings + body));
        test.TestState.Sources.Add(("Other.cs", "// <auto-generated/>\n" + V.Usings + body.Replace("class C", "class D")));
        await test.RunAsync();
    }
}
