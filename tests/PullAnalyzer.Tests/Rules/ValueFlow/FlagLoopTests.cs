using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using C = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules.ValueFlow;

/// <summary>
/// Loops driven by a flag that only ever holds constants (<c>var done = false; while (!done) { … }</c>): entered at least
/// once, so the path that skips the loop does not exist; left when the flag is set, so setting it at the end of the data
/// ends the read loop. A flag that something else may write before the test stays unknown, as before.
/// </summary>
public class FlagLoopTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_read_until_EOF_in_a_flag_loop_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[1024];
                var exited = false;
                while (!exited)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.EOF)
                    {
                        exited = true;
                    }
                    else
                    {
                        Console.Write(result.Count);
                    }
                }

                return (await client.Exec.InspectContainerExecAsync(id)).ExitCode;
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_build_read_line_by_line_in_a_flag_loop_declared_before_it_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var done = false;
                using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(output);
                while (done == false)
                {
                    var line = await reader.ReadLineAsync();
                    if (line == null)
                    {
                        done = true;
                        continue;
                    }

                    Console.WriteLine(line);
                }
            }
        }
        """, library);

    /// <summary>The flag is set when time runs out, not at the end of the data: the stream can be left unread.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_flag_set_on_a_timeout_leaves_the_stream_unread(DockerLibrary library) => C.AnalyzeExpectingNoFix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, System.Diagnostics.Stopwatch clock)
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                using var reader = new StreamReader(output);
                var done = false;
                while (!done)
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                    if (clock.Elapsed > TimeSpan.FromSeconds(10))
                    {
                        done = true;
                    }
                }
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>A flag that may be written by something else before the test (here, its start value) stays unknown.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_flag_whose_start_value_is_not_a_constant_stays_unknown(DockerLibrary library) => C.AnalyzeExpectingNoFix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool skip)
            {
                using var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                using var reader = new StreamReader(output);
                var done = skip;
                while (!done)
                {
                    if (await reader.ReadLineAsync() == null)
                    {
                        done = true;
                    }
                }
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, C.Diagnostic("PULL002").WithLocation(0));

    /// <summary>A lambda's own graph has its own flags: the loop inside it is entered, as in a method.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_read_until_EOF_in_a_flag_loop_inside_a_lambda_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            Task M(IDockerClient client, string id) => Task.Run(async () =>
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[1024];
                var exited = false;
                while (!exited)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.EOF)
                    {
                        exited = true;
                    }
                }

                Console.WriteLine((await client.Exec.InspectContainerExecAsync(id)).ExitCode);
            });
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task An_exec_read_until_EOF_in_a_flag_loop_inside_a_local_function_is_not_reported(DockerLibrary library) => C.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await Run();

                async Task Run()
                {
                    using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                    var buffer = new byte[1024];
                    var exited = false;
                    while (!exited)
                    {
                        var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                        if (result.EOF)
                        {
                            exited = true;
                        }
                    }

                    Console.WriteLine((await client.Exec.InspectContainerExecAsync(id)).ExitCode);
                }
            }
        }
        """, library);

    /// <summary>The same lambda, its flag set by something other than the end of the data: still reported.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_flag_loop_inside_a_lambda_left_on_another_condition_is_reported(DockerLibrary library) => C.AnalyzeExpectingNoFix("""
        class C
        {
            Task M(IDockerClient client, string id, bool stop) => Task.Run(async () =>
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var buffer = new byte[1024];
                var exited = false;
                while (!exited)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (stop)
                    {
                        exited = true;
                    }
                }

                Console.WriteLine((await client.Exec.InspectContainerExecAsync(id)).ExitCode);
            });
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, C.Diagnostic("PULL002").WithLocation(0));
}
