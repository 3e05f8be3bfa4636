using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>PULL004: the stream of a data API is dropped or kept without being disposed.</summary>
public class DataStreamNotDisposedTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Dropped_logs_are_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Containers.{|#0:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
            }
        }
        """, library, V.Diagnostic("PULL004").WithLocation(0).WithArguments("IContainerOperations.GetContainerLogsAsync", "is discarded"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Discarded_export_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                _ = await client.Containers.{|#0:ExportContainerAsync|}(id);
            }
        }
        """, library, V.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Attach_kept_and_never_used_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var attached = await client.Containers.{|#0:AttachContainerAsync|}(id$Tty$, new ContainerAttachParameters { Stream = true });
            }
        }
        """, library, V.Diagnostic("PULL004").WithLocation(0).WithArguments("IContainerOperations.AttachContainerAsync", "is kept in 'attached' but never used"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Save_read_in_part_and_never_disposed_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<int> M(IDockerClient client)
            {
                var tar = await client.Images.{|#0:SaveImageAsync|}("busybox");
                var header = new byte[512];
                return await tar.ReadAsync(header, 0, header.Length);
            }
        }
        """, library, V.Diagnostic("PULL004").WithLocation(0).WithArguments("IImageOperations.SaveImageAsync", "is never disposed"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Dropped_archive_response_is_reported(DockerLibrary library) => V.Analyze(library == DockerLibrary.V3
        ? """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Containers.{|#0:GetArchiveFromContainerAsync|}(id, new GetArchiveFromContainerParameters { Path = "/etc" }, false);
            }
        }
        """
        : """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Containers.{|#0:GetArchiveFromContainerAsync|}(id, new ContainerPathStatParameters { Path = "/etc" }, false);
            }
        }
        """, library, V.Diagnostic("PULL004").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Archive_stream_disposed_is_not_reported(DockerLibrary library) => V.Analyze(library == DockerLibrary.V3
        ? """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var archive = await client.Containers.GetArchiveFromContainerAsync(id, new GetArchiveFromContainerParameters { Path = "/etc" }, false);
                using var tar = archive.Stream;
                await tar.CopyToAsync(Stream.Null);
            }
        }
        """
        : """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var tar = (await client.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = "/etc" }, false)).Stream;
                Console.WriteLine(tar.CanRead);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_in_using_read_in_part_are_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true, Follow = true });
                var buffer = new byte[1024];
                var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                Console.WriteLine(first.Count);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Followed_logs_kept_open_on_purpose_are_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            MultiplexedStream? _follow;
            async Task M(IDockerClient client, string id)
            {
                _follow = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { Follow = true, ShowStdout = true });
                var pumped = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { Follow = true, ShowStdout = true });
                _ = Task.Run(() => Pump(pumped));
            }
            static Task Pump(MultiplexedStream s) => s.CopyOutputToAsync(Stream.Null, Console.OpenStandardOutput(), Console.OpenStandardError(), CancellationToken.None);
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Read_to_end_or_handed_on_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<MultiplexedStream> M(IDockerClient client, string id)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
                var export = await client.Containers.ExportContainerAsync(id);
                await export.CopyToAsync(Stream.Null);
                return await client.Containers.AttachContainerAsync(id$Tty$, new ContainerAttachParameters { Stream = true });
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Save_given_to_load_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, IProgress<JSONMessage> progress)
            {
                await client.Images.LoadImageAsync(new ImageLoadParameters(), await client.Images.SaveImageAsync("busybox"), progress);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Reader_in_using_disposes_the_stream(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<string?> M(IDockerClient client, string id)
            {
                using var reader = new StreamReader(await client.Containers.ExportContainerAsync(id));
                return await reader.ReadLineAsync();
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Streamed_stats_and_events_kept_open_on_purpose_are_not_reported(DockerLibrary library) => V.Analyze("""
        class C : IDisposable
        {
            Stream? _events;
            async Task M(IDockerClient client, string id, CancellationToken ct)
            {
                _events = await client.System.MonitorEventsAsync(new ContainerEventsParameters(), ct);
                var stats = await client.Containers.GetContainerStatsAsync(id, new ContainerStatsParameters { Stream = true }, ct);
                using var reader = new StreamReader(stats);
                while (!ct.IsCancellationRequested)
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                }
            }
            public void Dispose() => _events?.Dispose();
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Dropped_stats_and_events_are_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id, CancellationToken ct)
            {
                await client.System.{|#0:MonitorEventsAsync|}(new ContainerEventsParameters(), ct);
                var stats = await client.Containers.{|#1:GetContainerStatsAsync|}(id, new ContainerStatsParameters { Stream = false }, ct);
                Console.WriteLine(stats.CanRead);
            }
        }
        """, library,
        V.Diagnostic("PULL004").WithLocation(0).WithArguments("ISystemOperations.MonitorEventsAsync", "is discarded"),
        V.Diagnostic("PULL004").WithLocation(1).WithArguments("IContainerOperations.GetContainerStatsAsync", "is never disposed"));
}
