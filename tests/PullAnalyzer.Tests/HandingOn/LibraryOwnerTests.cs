using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.HandingOn;

/// <summary>
/// A stream given to a library object that owns it (a <c>TarReader</c>, the disposable reader an archive factory opens)
/// is followed in that object: disposing it, returning or storing it, or reading through it to the last entry settles
/// the stream; dropping it or never disposing it leaks the engine connection (PULL004). With <c>leaveOpen: true</c> the
/// stream stays the caller's. A <c>ZipArchive</c> in read mode copies a stream that cannot seek in its constructor: read
/// to its end there. SharpCompress's factory shape is declared here as the library declares it.
/// </summary>
public class LibraryOwnerTests
{
    private const string SharpCompress = """
        namespace SharpCompress.Readers
        {
            public interface IReader : IDisposable
            {
                bool MoveToNextEntry();
            }

            public static class ReaderFactory
            {
                public static IReader Open(Stream stream) => throw new NotSupportedException();
            }
        }

        """;

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_reader_over_an_export_that_is_never_disposed_or_dropped_leaks_it(DockerLibrary library) => D.AnalyzeExpectingNoFix(SharpCompress + """
        class C
        {
            async Task<string?> M(IDockerClient client, string id)
            {
                var tar = new System.Formats.Tar.TarReader(await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None));
                var first = tar.GetNextEntry()?.Name;
                var reader = SharpCompress.Readers.ReaderFactory.Open(await client.Containers.{|#1:ExportContainerAsync|}(id, CancellationToken.None));
                reader.MoveToNextEntry();
                new System.Formats.Tar.TarReader(await client.Containers.{|#2:ExportContainerAsync|}(id, CancellationToken.None));
                return first;
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest,
        D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1), D.Diagnostic("PULL004").WithLocation(2));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_reader_disposed_read_to_its_last_entry_returned_or_stored_settles_the_export(DockerLibrary library) => D.Analyze(SharpCompress + """
        class C
        {
            private System.Formats.Tar.TarReader? _kept;

            async Task<System.Formats.Tar.TarReader> M(IDockerClient client, string id)
            {
                using (var disposed = new System.Formats.Tar.TarReader(await client.Containers.ExportContainerAsync(id, CancellationToken.None)))
                {
                    Console.WriteLine(disposed.GetNextEntry()?.Name);
                }

                var drained = new System.Formats.Tar.TarReader(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
                while (await drained.GetNextEntryAsync() is { } entry)
                {
                    Console.WriteLine(entry.Name);
                }

                var reader = SharpCompress.Readers.ReaderFactory.Open(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
                while (reader.MoveToNextEntry())
                {
                    Console.WriteLine("entry");
                }

                _kept = new System.Formats.Tar.TarReader(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
                using var zip = new System.IO.Compression.ZipArchive(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
                var unzipped = new System.IO.Compression.ZipArchive(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
                Console.WriteLine(unzipped.Entries.Count);
                return new System.Formats.Tar.TarReader(await client.Containers.ExportContainerAsync(id, CancellationToken.None));
            }
        }
        """, library);

    /// <summary>With <c>leaveOpen: true</c> the export stays the caller's: disposing the reader does not dispose it.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task With_leaveOpen_the_export_stays_the_callers(DockerLibrary library) => D.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id, CancellationToken.None);
                using (var tar = new System.Formats.Tar.TarReader(export, leaveOpen: true))
                {
                    Console.WriteLine(tar.GetNextEntry()?.Name);
                }

                using var closed = await client.Containers.ExportContainerAsync(id, CancellationToken.None);
                using (var tar = new System.Formats.Tar.TarReader(closed, leaveOpen: true))
                {
                    Console.WriteLine(tar.GetNextEntry()?.Name);
                }
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    /// <summary>A reader whose construction does not bind yet (an argument being typed) says nothing: silent.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_reader_being_typed_is_silent(DockerLibrary library) => D.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var tar = new System.Formats.Tar.TarReader(await client.Containers.ExportContainerAsync(id, CancellationToken.None), notTypedYet);
                Console.WriteLine(tar.GetNextEntry()?.Name);
            }
        }
        """, library);
}
