using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.CompletionStreamAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>PULL002: the completion stream is used, but some normal path leaves it unread.</summary>
public class CompletionStreamNotReadToEndTests
{
    private const string Build = "await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p)";
    private const string Signature = "async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool flag)";

    private static Task Reported(string body, DockerLibrary library, string? reason = null, bool hasFix = true)
    {
        var expected = V.Diagnostic("PULL002").WithLocation(0);
        if (reason is not null)
        {
            expected = expected.WithArguments("IImageOperations.BuildImageFromDockerfileAsync", reason,
                "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen");
        }

        return hasFix
            ? V.Analyze(Wrap(body), library, expected)
            : V.AnalyzeExpectingNoFix(Wrap(body), library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, expected);
    }

    private static Task NotReported(string body, DockerLibrary library) => V.Analyze(Wrap(body), library);

    private static string Wrap(string body) => "class C\n{\n    " + Signature + "\n    {\n" + body + "\n    }\n}\n";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Using_statement_with_empty_body_is_reported(DockerLibrary library) =>
        Reported($"using (var unused = {Build}) {{ }}", library, "can be disposed before it is read to its end");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Using_statement_without_declaration_is_reported(DockerLibrary library) =>
        Reported($"using ({Build}) {{ }}", library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Using_declaration_never_read_is_reported(DockerLibrary library) =>
        Reported($"using var output = {Build};", library, "can be disposed before it is read to its end");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Disposed_right_away_is_reported(DockerLibrary library) =>
        Reported($"({Build}).Dispose();", library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task One_line_read_is_reported(DockerLibrary library) => Reported($$"""
        using var reader = new StreamReader({{Build}});
        var first = await reader.ReadLineAsync();
        Console.WriteLine(first);
        """, library, "can be disposed before it is read to its end");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Early_return_before_the_drain_is_reported(DockerLibrary library) => Reported($$"""
        var output = {{Build}};
        if (flag) return;
        await output.CopyToAsync(Stream.Null);
        """, library, "can go out of scope before it is read to its end");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Early_return_inside_using_is_reported(DockerLibrary library) => Reported($$"""
        using (var output = {{Build}})
        {
            if (flag) return;
            await output.CopyToAsync(Stream.Null);
        }
        """, library, "can be disposed before it is read to its end");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Drained_on_one_branch_only_is_reported(DockerLibrary library) => Reported($$"""
        var output = {{Build}};
        if (flag)
        {
            await output.CopyToAsync(Stream.Null);
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Overwritten_before_the_drain_is_reported(DockerLibrary library) => V.AnalyzeExpectingNoFix(Wrap("""
        var output = await client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
        output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
        await output.CopyToAsync(Stream.Null);
        """), library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, V.Diagnostic("PULL002").WithLocation(0).WithArguments(
            "IImageOperations.BuildImageFromDockerfileAsync", "is overwritten before it is read to its end",
            "the build is not finished until its output is read to the end, and an engine error reported inside it goes unseen"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Made_in_a_loop_and_read_after_it_is_reported(DockerLibrary library) => Reported($$"""
        Stream output = Stream.Null;
        for (var i = 0; i < 3; i++)
        {
            output = {{Build}};
        }
        await output.CopyToAsync(Stream.Null);
        """, library, "is replaced by the next call before it is read to its end", hasFix: false);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Drained_on_every_branch_is_not_reported(DockerLibrary library) => NotReported($$"""
        var output = {{Build}};
        if (flag)
        {
            await output.CopyToAsync(Stream.Null);
        }
        else
        {
            using var reader = new StreamReader(output);
            Console.WriteLine(await reader.ReadToEndAsync());
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Path_ending_in_throw_does_not_count(DockerLibrary library) => NotReported($$"""
        using var output = {{Build}};
        if (flag) throw new InvalidOperationException("no");
        await output.CopyToAsync(Stream.Null);
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task ReadLine_loop_until_null_is_not_reported(DockerLibrary library) => NotReported($$"""
        using var reader = new StreamReader({{Build}});
        string? line;
        while ((line = await reader.ReadLineAsync()) != null)
        {
            Console.WriteLine(line);
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task EndOfStream_loop_is_not_reported(DockerLibrary library) => NotReported($$"""
        using (var output = {{Build}})
        using (var reader = new StreamReader(output))
        {
            while (!reader.EndOfStream)
            {
                Console.WriteLine(reader.ReadLine());
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Read_loop_until_zero_is_not_reported(DockerLibrary library) => NotReported($$"""
        var output = {{Build}};
        var buffer = new byte[4096];
        while (await output.ReadAsync(buffer, 0, buffer.Length) > 0) { }
        output.Dispose();
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task ReadToEnd_result_discarded_is_not_reported(DockerLibrary library) => NotReported($$"""
        using var reader = new StreamReader({{Build}});
        _ = await reader.ReadToEndAsync();
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Inline_CopyTo_is_not_reported(DockerLibrary library) => NotReported($$"""
        await ({{Build}}).CopyToAsync(Stream.Null);
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Drain_in_finally_is_not_reported(DockerLibrary library) => NotReported($$"""
        var output = {{Build}};
        try
        {
            if (flag) return;
        }
        finally
        {
            await output.CopyToAsync(Stream.Null);
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_inspected_before_its_output_is_read_is_reported(DockerLibrary library) => V.AnalyzeExpectingNoFix("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                await stream.ReadOutputToEndAsync(CancellationToken.None);
                return inspect.ExitCode;
            }
        }
        """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, V.Diagnostic("PULL002").WithLocation(0).WithArguments("IExecOperations." + DockerLibraries.ExecStart(library), "is not read to its end before the exec is inspected", "the exec may still be running, and its exit code is not final until its output is read to the end"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_read_then_inspected_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_ReadOutputAsync_loop_until_EOF_is_not_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.EOF) break;
                }
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Exec_without_any_read_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task<long?> M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }
        }
        """, library, V.Diagnostic("PULL002").WithLocation(0));
}
