using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.HandingOn;

/// <summary>
/// A stream passed to a method of the same compilation is handed on only if that method takes responsibility: reads it
/// to its end (or hands it on) on every normal path. A library method, recursion or anything unknown stays "handed on".
/// </summary>
public class CalleeSummaryTests
{
    private const string Helpers = """
        static class Helpers
        {
            public static async Task DrainAsync(Stream stream)
            {
                using var reader = new StreamReader(stream);
                await reader.ReadToEndAsync();
            }

            public static async Task<string?> FirstLineAsync(Stream stream)
            {
                using var reader = new StreamReader(stream);
                return await reader.ReadLineAsync();
            }

            public static async Task ReadUntilAsync(Stream stream, TimeSpan limit)
            {
                var reader = new StreamReader(stream);
                var stopwatch = System.Diagnostics.Stopwatch.StartNew();
                while (await reader.ReadLineAsync() != null)
                {
                    if (stopwatch.Elapsed > limit)
                    {
                        return;
                    }
                }
            }

            public static async Task ReadAllLinesAsync(Stream stream)
            {
                using var reader = new StreamReader(stream);
                while (true)
                {
                    var line = await reader.ReadLineAsync();
                    if (line == null)
                    {
                        break;
                    }

                    Console.WriteLine(line);
                }
            }

            public static Task ForwardAsync(Stream stream) => DrainAsync(stream);

            public static Task PartlyAsync(Stream stream) => FirstLineAsync(stream);

            public static async Task GuardedAsync(Stream? stream)
            {
                if (stream is null)
                {
                    return;
                }

                await stream.CopyToAsync(Stream.Null);
            }

            public static async Task RecursiveAsync(Stream stream, int depth)
            {
                if (depth > 0)
                {
                    await RecursiveAsync(stream, depth - 1);
                }
            }

            public static Stream Keep(Stream stream) => stream;

            public static async Task WriteOnlyAsync(MultiplexedStream exec, byte[] input)
            {
                await exec.WriteAsync(input, 0, input.Length, CancellationToken.None);
                exec.CloseWrite();
            }

            public static async Task ReadExecAsync(MultiplexedStream exec) => await exec.ReadOutputToEndAsync(CancellationToken.None);
        }
        """;

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Helpers_that_read_part_of_the_stream_do_not_take_responsibility(DockerLibrary library) => C.Analyze(Helpers + """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var first = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                Console.WriteLine(await Helpers.FirstLineAsync(first));
                using var twoLevels = await client.Images.{|#1:BuildImageFromDockerfileAsync|}(tar, p);
                await Helpers.PartlyAsync(twoLevels);
                using var timed = await client.Images.{|#2:BuildImageFromDockerfileAsync|}(tar, p);
                await Helpers.ReadUntilAsync(timed, TimeSpan.FromSeconds(10));
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0), C.Diagnostic("PULL002").WithLocation(1), C.Diagnostic("PULL002").WithLocation(2));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Helpers_that_read_to_the_end_or_keep_the_stream_take_responsibility(DockerLibrary library) => C.Analyze(Helpers + """
        class C
        {
            private Stream? _kept;

            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await Helpers.DrainAsync(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                using var forwarded = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Helpers.ForwardAsync(forwarded);
                using var lines = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Helpers.ReadAllLinesAsync(lines);
                using var guarded = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Helpers.GuardedAsync(guarded);
                _kept = Helpers.Keep(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                var recursive = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await Helpers.RecursiveAsync(recursive, 3);
                var library = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await System.Text.Json.JsonSerializer.DeserializeAsync<object>(library);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Writing_into_an_exec_stream_is_not_reading_its_output(DockerLibrary library) => C.Analyze(Helpers + """
        class C
        {
            async Task M(IDockerClient client, string id, byte[] input)
            {
                using var written = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                await Helpers.WriteOnlyAsync(written, input);
                using var read = await client.Exec.$ExecStart$(id$ExecArgs$);
                await Helpers.WriteOnlyAsync(read, input);
                await Helpers.ReadExecAsync(read);
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_data_stream_given_to_a_helper_that_reads_one_line_is_still_never_disposed(DockerLibrary library) => D.Analyze(Helpers + """
        class C
        {
            async Task<string?> M(IDockerClient client, string id)
            {
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id);
                return await Helpers.FirstLineAsync(export);
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0));

    /// <summary>A constructor of the compilation that does nothing with the stream does not take it (it did count as a hand-off before).</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_constructor_that_ignores_the_stream_does_not_take_it(DockerLibrary library) => C.Analyze("""
        sealed class Watcher
        {
            public Watcher(Stream output) => Console.WriteLine("watching");
        }

        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                _ = new Watcher(output);
            }
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));
}
