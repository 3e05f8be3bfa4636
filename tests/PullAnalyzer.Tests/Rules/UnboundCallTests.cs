using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using D = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.DataStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// Code in the middle of being typed, or with one broken argument (docs/design.md §3, silent when unsure): a call whose
/// overload resolution failed is found as its candidate when every candidate is a catalogue method of one kind, but only
/// a stream that is provably never touched (PULL001, or a data stream dropped or never used) is reported; a call on a
/// receiver of unknown type stays silent; a stream passed to a call that does not bind is unknown, not unread.
/// </summary>
public class UnboundCallTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_start_with_an_argument_missing_is_reported_only_when_discarded(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Exec.{|#0:$ExecStart$|}();
                using var output = await client.Exec.$ExecStart$(id, 1, 2, 3);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
            }
        }
        """, library, C.Diagnostic("PULL001").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_export_with_a_broken_argument_type_is_reported_only_when_never_used(DockerLibrary library) => D.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var export = await client.Containers.ExportContainerAsync(id, new CancelationToken());
                Console.WriteLine(export);
                var unused = await client.Containers.{|#0:ExportContainerAsync|}(id, new CancelationToken());
                await client.Containers.{|#1:ExportContainerAsync|}(id, new CancelationToken());
            }
        }
        """, library, D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1));

    /// <summary>Logs have overloads of different kinds (a stream, or a Task that reports to a progress): no guess.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Logs_whose_candidates_differ_in_kind_stay_silent(DockerLibrary library) => D.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParametrs { ShowStdout = true }, CancellationToken.None);
                Console.WriteLine(logs);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_receiver_of_unknown_type_stays_silent(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClent client, Stream tar, string id)
            {
                await client.Exec.$ExecStart$(id$ExecArgs$);
                await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters());
                await undefinedClient.Exec.$ExecStart$(id$ExecArgs$);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_passed_to_a_call_that_does_not_bind_is_unknown(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await UndefinedHelper.DrainAsync(output);
            }
        }
        """, library);

    /// <summary>
    /// A name being typed as an argument may be a stream local's only where that local can be named (its block) and where
    /// the call takes a stream: there the stream is unknown; outside its block, the stream is judged as usual.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_name_being_typed_silences_only_the_streams_it_may_name(DockerLibrary library) => C.AnalyzeUnbound("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag)
            {
                {
                    using var judged = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                    if (flag) return;
                    await judged.CopyToAsync(Stream.Null);
                }

                {
                    using var typed = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    if (flag) return;
                    await Helper(notTypedYet);
                }

                await Helper(notTypedYetEither);
            }

            static Task Helper(Stream stream) => stream.CopyToAsync(Stream.Null);
        }
        """, library, C.Diagnostic("PULL002").WithLocation(0));
}
