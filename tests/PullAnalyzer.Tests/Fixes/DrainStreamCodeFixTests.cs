using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;
using F = PullAnalyzer.Tests.Infrastructure.VerifyFix<PullAnalyzer.Rules.CompletionStreamAnalyzer, PullAnalyzer.CodeFixes.DrainStreamCodeFixProvider>;

namespace PullAnalyzer.Tests.Fixes;

/// <summary>PULL001/PULL002's fix: the drain goes where the path lacks it, with or without the in-band error check.</summary>
public class DrainStreamCodeFixTests
{
    private static DiagnosticResult[] At(string id, params int[] markers) => markers.Select(m => F.Diagnostic(id).WithLocation(m)).ToArray();

    /// <summary>The usings of a fixed file whose drain checks for engine errors with System.Text.Json.</summary>
    private static readonly string JsonUsings = V.Usings.Replace("using System.IO;\n", "using System.IO;\nusing System.Text.Json;\n", StringComparison.Ordinal);

    /// <summary>The C# 8+ drain loop the fix writes for a build stream read through <paramref name="reader"/>, indented for <paramref name="indent"/>.</summary>
    private static string CheckedLoop(string reader, string indent, string token = "") => $$"""
        while (await {{reader}}.ReadLineAsync({{token}}) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException("The build failed: " + error);
            }
        }
        """.Replace("\n", "\n" + indent).Replace("\n" + indent + "\n", "\n\n");

    /// <summary>The same loop in C# 7.3: one for statement, a using statement for each message.</summary>
    private static string ClassicLoop(string reader, string indent) => $$"""
        for (var line = await {{reader}}.ReadLineAsync(); line != null; line = await {{reader}}.ReadLineAsync())
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            using (var message = JsonDocument.Parse(line))
            {
                if (message.RootElement.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException("The build failed: " + error);
                }
            }
        }
        """.Replace("\n", "\n" + indent).Replace("\n" + indent + "\n", "\n\n");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Discarded_build_is_kept_in_a_local_and_drained_with_the_error_check(DockerLibrary library) => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                // build the image
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
                Console.WriteLine("built");
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                // build the image
                await using var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(buildOutput);
                {{CheckedLoop("reader", "        ")}}

                Console.WriteLine("built");
            }
        }
        """, library, At("PULL001", 0), fixedUsings: JsonUsings);

    /// <summary>C# 7.3 has no using declarations: a using statement owns the stream, and the trailing comment stays on the call's line.</summary>
    [Fact]
    public Task Discarded_build_in_CSharp_7_3_gets_a_using_statement_and_keeps_its_comment() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p); // build the image
                Console.WriteLine("built");
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using (var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, p)) // build the image
                {
                    using (var reader = new StreamReader(buildOutput))
                    {
                        {{ClassicLoop("reader", "                ")}}
                    }
                }

                Console.WriteLine("built");
            }
        }
        """, DockerLibrary.V3, At("PULL001", 0), LanguageVersion.CSharp7_3, fixedUsings: JsonUsings);

    /// <summary>With PullAnalyzer.Runtime referenced, the drain with the error check is its one line.</summary>
    [Fact]
    public Task With_the_runtime_the_drain_is_ProgressStreamDrain() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken cancellationToken)
            {
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p, cancellationToken); // build
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken cancellationToken)
            {
                await using var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, p, cancellationToken); // build
                await ProgressStreamDrain.DrainAsync(buildOutput, "build", cancellationToken: cancellationToken);
            }
        }
        """, DockerLibrary.V3, At("PULL001", 0), extraReferences: new[] { DockerLibraries.Runtime(DockerLibrary.V3) },
        fixedUsings: V.Usings.Replace("using Docker.DotNet.Models;\n", "using Docker.DotNet.Models;\nusing PullAnalyzer.Runtime;\n", StringComparison.Ordinal));

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Second_action_drains_without_the_error_check_and_passes_the_token(LanguageVersion version) => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken cancellationToken)
            {
                _ = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p, cancellationToken);
            }
        }
        """, version >= LanguageVersion.CSharp8 ? """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken cancellationToken)
            {
                await using var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, p, cancellationToken);
                await buildOutput.CopyToAsync(Stream.Null, cancellationToken);
            }
        }
        """ : """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken cancellationToken)
            {
                using (var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, p, cancellationToken))
                {
                    await buildOutput.CopyToAsync(Stream.Null, cancellationToken);
                }
            }
        }
        """, DockerLibrary.V3, At("PULL001", 0), version, actionIndex: 1);

    /// <summary>
    /// A method that cannot await blocks on the stream (.Result): the drain blocks too. Each read blocks on the
    /// asynchronous one, because the Enhanced client's streams reject synchronous reads; with the runtime, its
    /// synchronous ProgressStreamDrain.Drain.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_stream_taken_by_blocking_in_a_sync_method_gets_a_blocking_drain(DockerLibrary library) => F.Fix("""
        class C
        {
            void M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                var output = client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p).Result;
            }
        }
        """, $$"""
        class C
        {
            void M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using var output = client.Images.BuildImageFromDockerfileAsync(tar, p).Result;
                using var reader = new StreamReader(output);
                {{CheckedLoop("reader", "        ").Replace("await reader.ReadLineAsync()", "reader.ReadLineAsync().GetAwaiter().GetResult()", StringComparison.Ordinal)}}
            }
        }
        """, library, At("PULL001", 0), fixedUsings: JsonUsings);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_blocking_drain_with_the_runtime_is_its_synchronous_drain_and_an_exec_blocks_on_its_output(DockerLibrary library) => F.Fix("""
        class C
        {
            long? M(IDockerClient client, Stream tar, ImageBuildParameters p, string id)
            {
                _ = client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p).GetAwaiter().GetResult();
                using var exec = client.Exec.{|#1:$ExecStart$|}(id$ExecArgs$).Result;
                return client.Exec.InspectContainerExecAsync(id).Result.ExitCode;
            }
        }
        """, """
        class C
        {
            long? M(IDockerClient client, Stream tar, ImageBuildParameters p, string id)
            {
                using var buildOutput = client.Images.BuildImageFromDockerfileAsync(tar, p).GetAwaiter().GetResult();
                ProgressStreamDrain.Drain(buildOutput, "build");
                using var exec = client.Exec.$ExecStart$(id$ExecArgs$).Result;
                exec.ReadOutputToEndAsync(CancellationToken.None).GetAwaiter().GetResult();
                return client.Exec.InspectContainerExecAsync(id).Result.ExitCode;
            }
        }
        """, library, new[] { F.Diagnostic("PULL001").WithLocation(0), F.Diagnostic("PULL002").WithLocation(1) },
        extraReferences: new[] { DockerLibraries.Runtime(library) },
        fixedUsings: V.Usings.Replace("using Docker.DotNet.Models;\n", "using Docker.DotNet.Models;\nusing PullAnalyzer.Runtime;\n", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_output_is_read_with_ReadOutputToEndAsync(DockerLibrary library) => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var execOutput = await client.Exec.$ExecStart$(id$ExecArgs$);
                await execOutput.ReadOutputToEndAsync(CancellationToken.None);
            }
        }
        """, library, At("PULL001", 0));

    [Fact]
    public Task Embedded_statement_and_expression_bodies_get_a_block() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                if (flag) await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
            }

            async Task Arrow(IDockerClient client, string id) => await client.Exec.{|#1:$ExecStart$|}(id$ExecArgs$);

            Func<Task> Lambda(IDockerClient client, string id) => async () => await client.Exec.{|#2:$ExecStart$|}(id$ExecArgs$);
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                if (flag) using (var execOutput = await client.Exec.$ExecStart$(id$ExecArgs$))
                    {
                        await execOutput.ReadOutputToEndAsync(CancellationToken.None);
                    }
            }

            async Task Arrow(IDockerClient client, string id)
            {
                using var execOutput = await client.Exec.$ExecStart$(id$ExecArgs$);
                await execOutput.ReadOutputToEndAsync(CancellationToken.None);
            }

            Func<Task> Lambda(IDockerClient client, string id) => async () =>
            {
                using var execOutput = await client.Exec.$ExecStart$(id$ExecArgs$);
                await execOutput.ReadOutputToEndAsync(CancellationToken.None);
            };
        }
        """, DockerLibrary.V3, At("PULL001", 0, 1, 2));

    [Fact]
    public Task Fix_all_gives_each_stream_its_own_names() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                await client.Exec.{|#1:$ExecStart$|}(id$ExecArgs$);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var execOutput = await client.Exec.$ExecStart$(id$ExecArgs$);
                await execOutput.ReadOutputToEndAsync(CancellationToken.None);
                using var execOutput2 = await client.Exec.$ExecStart$(id$ExecArgs$);
                await execOutput2.ReadOutputToEndAsync(CancellationToken.None);
            }
        }
        """, DockerLibrary.Enhanced, At("PULL001", 0, 1));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Early_return_gets_the_drain_before_it(DockerLibrary library) => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                if (flag) return;
                await stream.CopyOutputToAsync(Stream.Null, Stream.Null, Stream.Null, CancellationToken.None);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (flag)
                {
                    await stream.ReadOutputToEndAsync(CancellationToken.None);
                    return;
                }

                await stream.CopyOutputToAsync(Stream.Null, Stream.Null, Stream.Null, CancellationToken.None);
            }
        }
        """, library, At("PULL002", 0));

    [Fact]
    public Task Branch_without_the_drain_gets_an_else() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                if (flag)
                {
                    var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
                    Console.WriteLine(stdout);
                }
                stream.Dispose();
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id, bool flag)
            {
                var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (flag)
                {
                    var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
                    Console.WriteLine(stdout);
                }
                else
                {
                    await stream.ReadOutputToEndAsync(CancellationToken.None);
                }

                stream.Dispose();
            }
        }
        """, DockerLibrary.V3, At("PULL002", 0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_inspected_without_reading_gets_the_drain_first(DockerLibrary library) => F.Fix("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id, CancellationToken ct)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var inspect = await client.Exec.InspectContainerExecAsync(id, ct);
                return inspect.ExitCode;
            }
        }
        """, """
        class C
        {
            async Task<long?> M(IDockerClient client, string id, CancellationToken ct)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                await stream.ReadOutputToEndAsync(ct);
                var inspect = await client.Exec.InspectContainerExecAsync(id, ct);
                return inspect.ExitCode;
            }
        }
        """, library, At("PULL002", 0));

    [Fact]
    public Task Empty_using_body_and_one_line_read_are_drained_where_reading_stops() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using (var unused = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p)) { }
                using (var reader = new StreamReader(await client.Images.{|#1:BuildImageFromDockerfileAsync|}(tar, p)))
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                }
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                using (var unused = await client.Images.BuildImageFromDockerfileAsync(tar, p))
                {
                    await unused.CopyToAsync(Stream.Null);
                }
                using (var reader = new StreamReader(await client.Images.BuildImageFromDockerfileAsync(tar, p)))
                {
                    Console.WriteLine(await reader.ReadLineAsync());
                    while (await reader.ReadLineAsync() != null)
                    {
                    }
                }
            }
        }
        """, DockerLibrary.V3, At("PULL002", 0, 1), actionIndex: 1);

    [Fact]
    public Task Top_level_statements_and_local_functions_are_fixed() => F.Fix("""
        IDockerClient client = null!;
        await client.Exec.{|#0:$ExecStart$|}("id"$ExecArgs$);
        await Run();

        async Task Run()
        {
            await client.Exec.{|#1:$ExecStart$|}("id"$ExecArgs$);
        }
        """, """
        IDockerClient client = null!;
        using var execOutput = await client.Exec.$ExecStart$("id"$ExecArgs$);
        await execOutput.ReadOutputToEndAsync(CancellationToken.None);
        await Run();

        async Task Run()
        {
            using var execOutput2 = await client.Exec.$ExecStart$("id"$ExecArgs$);
            await execOutput2.ReadOutputToEndAsync(CancellationToken.None);
        }
        """, DockerLibrary.V3, At("PULL001", 0, 1), outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    /// <summary>A top-level program that inspects an exec before reading it: the drain goes in as a top-level statement.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Top_level_exec_inspected_early_is_drained_before_the_inspect(DockerLibrary library) => F.Fix("""
        IDockerClient client = null!;
        using var output = await client.Exec.{|#0:$ExecStart$|}("id"$ExecArgs$);
        var inspect = await client.Exec.InspectContainerExecAsync("id");
        Console.WriteLine(inspect.ExitCode);
        """, """
        IDockerClient client = null!;
        using var output = await client.Exec.$ExecStart$("id"$ExecArgs$);
        await output.ReadOutputToEndAsync(CancellationToken.None);
        var inspect = await client.Exec.InspectContainerExecAsync("id");
        Console.WriteLine(inspect.ExitCode);
        """, library, At("PULL002", 0), outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
}
