using Microsoft.CodeAnalysis.CSharp;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.HandingOn;

/// <summary>
/// Ownership transfer by wrapping (docs/design.md §3): a library wrapper owns the stream unless its constructor is told
/// <c>leaveOpen: true</c>; then disposing the wrapper leaves the stream open, while reading the wrapper still reads it.
/// A parameter kept through any expression that yields it is a store.
/// </summary>
public class OwnershipTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_reader_that_leaves_the_stream_open_does_not_dispose_it(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None);
                using var reader = new StreamReader(export, leaveOpen: true);
                Console.WriteLine(await reader.ReadLineAsync());
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Readers_that_own_the_stream_or_a_stream_disposed_itself_are_silent(DockerLibrary library) => D.Analyze("""
        using System.IO.Compression;
        using System.Text;
        class C
        {
            async Task Owning(IDockerClient client, string id)
            {
                var export = await client.Containers.ExportContainerAsync(id, CancellationToken.None);
                using var reader = new StreamReader(export, leaveOpen: false);
                Console.WriteLine(await reader.ReadLineAsync());
            }

            async Task LeftOpenThenDisposed(IDockerClient client, string id)
            {
                using var export = await client.Containers.ExportContainerAsync(id, CancellationToken.None);
                using var reader = new StreamReader(export, Encoding.UTF8, true, 1024, leaveOpen: true);
                Console.WriteLine(await reader.ReadLineAsync());
            }

            async Task Decompressed(IDockerClient client, string id)
            {
                var export = await client.Containers.ExportContainerAsync(id, CancellationToken.None);
                using var gzip = new GZipStream(export, CompressionMode.Decompress);
                Console.WriteLine(gzip.ReadByte());
            }
        }
        """, library);

    /// <summary>A reader that leaves the stream open, disposed before the rest is read: the stream is still there to read.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_completion_stream_read_on_after_a_reader_that_left_it_open(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using (var reader = new StreamReader(output, leaveOpen: true))
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                }

                await output.CopyToAsync(Stream.Null);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_completion_stream_disposed_by_its_owning_reader_before_the_end(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                using (var reader = new StreamReader(output))
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                }
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>Every way a helper can keep its parameter: each is a store, so the caller's stream is handed on.</summary>
    [Theory]
    [InlineData("_field = stream ?? throw new ArgumentNullException(nameof(stream));")]
    [InlineData("_field = stream!;")]
    [InlineData("_field = (Stream)stream;")]
    [InlineData("_pair = (stream, 1);")]
    [InlineData("this._field = stream;")]
    [InlineData("Property = stream;")]
    [InlineData("_list.Add(stream);")]
    [InlineData("_byName[\"build\"] = stream;")]
    [InlineData("Shared = stream;")]
    public async Task A_parameter_kept_by_any_expression_that_yields_it_is_a_store(string store)
    {
        foreach (var library in new[] { DockerLibrary.V3, DockerLibrary.Enhanced })
        {
            await C.Analyze($$"""
                using System.Collections.Generic;
                class Keeper
                {
                    private Stream? _field;
                    private (Stream, int) _pair;
                    private readonly List<Stream> _list = new List<Stream>();
                    private readonly Dictionary<string, Stream> _byName = new Dictionary<string, Stream>();
                    public Stream? Property { get; set; }
                    public static Stream? Shared;

                    public Keeper(Stream stream)
                    {
                        {{store}}
                    }
                }

                class C
                {
                    async Task<Keeper> M(IDockerClient client, Stream tar, ImageBuildParameters p) =>
                        new Keeper(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                }
                """, library);
        }
    }

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_constructor_that_only_looks_at_the_stream_does_not_take_it(DockerLibrary library) => C.Analyze("""
        class Looker
        {
            public Looker(Stream stream) => Console.WriteLine(stream.CanRead);
        }

        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                var looker = new Looker(output);
                Console.WriteLine(looker);
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>
    /// Returned on one path, left open on another: reported, but `using` would dispose the stream the caller receives,
    /// so no fix is offered (the fix must not change behaviour where the stream is handed on).
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_handed_on_on_one_path_gets_no_dispose_fix(DockerLibrary library) => D.AnalyzeExpectingNoFix("""
        class C
        {
            Stream? _kept;

            async Task<Stream?> Returned(IDockerClient client, string id, bool keep)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None);
                if (keep)
                {
                    return export;
                }

                Console.WriteLine(export.ReadByte());
                return null;
            }

            async Task Stored(IDockerClient client, string id, bool keep)
            {
                var export = await client.Containers.{|#1:ExportContainerAsync|}(id, CancellationToken.None);
                if (keep)
                {
                    _kept = export;
                    return;
                }

                Console.WriteLine(export.ReadByte());
            }

            async Task<StreamReader?> Wrapped(IDockerClient client, string id, bool keep)
            {
                var export = await client.Containers.{|#2:ExportContainerAsync|}(id, CancellationToken.None);
                if (keep)
                {
                    return new StreamReader(export);
                }

                Console.WriteLine(export.ReadByte());
                return null;
            }
        }
        """, library, LanguageVersion.Latest, D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1),
        D.Diagnostic("PULL004").WithLocation(2));
}
