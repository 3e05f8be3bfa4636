using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using F = PullAnalyzer.Tests.Infrastructure.VerifyFix<PullAnalyzer.Rules.CompletionStreamAnalyzer, PullAnalyzer.CodeFixes.DrainStreamCodeFixProvider>;

namespace PullAnalyzer.Tests.Fixes;

/// <summary>
/// PULL002's fix on every path shape the analyzer reports: the drain goes exactly where the unread path leaves (a
/// switch section, a missing default, a break or continue out of a loop, the end of a try or catch body, a goto case, an
/// else-if chain), as the analyzer's verdict says; and no fix where any edit would change what the code already reads.
/// </summary>
public class DrainPlacementCodeFixTests
{
    private static DiagnosticResult[] At(params int[] markers) => markers.Select(m => F.Diagnostic("PULL002").WithLocation(m)).ToArray();

    private const string Drain = "await output.ReadOutputToEndAsync(CancellationToken.None);";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Switch_section_without_the_drain_and_the_missing_default_get_it(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id, int mode)
            {
                var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                switch (mode)
                {
                    case 1:
                        {{Drain}}
                        break;
                    case 2:
                        Console.WriteLine("two");
                        break;
                    case 3:
                        break;
                }

                output.Dispose();
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id, int mode)
            {
                var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                switch (mode)
                {
                    case 1:
                        {{Drain}}
                        break;
                    case 2:
                        Console.WriteLine("two");
                        {{Drain}}
                        break;
                    case 3:
                        {{Drain}}
                        break;
                    default:
                        {{Drain}}
                        break;
                }

                output.Dispose();
            }
        }
        """, library, At(0));

    [Fact]
    public Task Default_section_that_only_breaks_gets_the_drain() => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id, string mode)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                switch (mode)
                {
                    case "read":
                        {{Drain}}
                        break;
                    default:
                        break;
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id, string mode)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                switch (mode)
                {
                    case "read":
                        {{Drain}}
                        break;
                    default:
                        {{Drain}}
                        break;
                }
            }
        }
        """, DockerLibrary.V3, At(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Return_and_continue_inside_a_loop_get_the_drain_before_them(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string[] ids)
            {
                foreach (var id in ids)
                {
                    using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                    if (id.Length == 0)
                    {
                        continue;
                    }

                    if (id == "stop")
                    {
                        return;
                    }

                    {{Drain}}
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string[] ids)
            {
                foreach (var id in ids)
                {
                    using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                    if (id.Length == 0)
                    {
                        {{Drain}}
                        continue;
                    }

                    if (id == "stop")
                    {
                        {{Drain}}
                        return;
                    }

                    {{Drain}}
                }
            }
        }
        """, library, At(0));

    [Fact]
    public Task Break_out_of_a_loop_gets_the_drain_before_it() => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id, Func<bool> stop)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                while (true)
                {
                    if (stop())
                    {
                        Console.WriteLine("stopping");
                        break;
                    }

                    {{Drain}}
                    return;
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id, Func<bool> stop)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                while (true)
                {
                    if (stop())
                    {
                        Console.WriteLine("stopping");
                        {{Drain}}
                        break;
                    }

                    {{Drain}}
                    return;
                }
            }
        }
        """, DockerLibrary.Enhanced, At(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Try_body_that_ends_unread_gets_the_drain_at_its_end(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                try
                {
                    Console.WriteLine("started");
                }
                catch (InvalidOperationException)
                {
                    Console.WriteLine("failed");
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                try
                {
                    Console.WriteLine("started");
                    {{Drain}}
                }
                catch (InvalidOperationException)
                {
                    Console.WriteLine("failed");
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }
        }
        """, library, At(0));

    [Fact]
    public Task Goto_case_and_an_else_if_chain_get_the_drain_on_their_unread_branches() => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id, int mode, bool a, bool b)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                switch (mode)
                {
                    case 0:
                        Console.WriteLine("zero");
                        goto case 1;
                    case 1:
                        {{Drain}}
                        break;
                    default:
                        Console.WriteLine("other");
                        break;
                }

                using var second = await client.Exec.{|#1:$ExecStart$|}(id$ExecArgs$);
                if (a)
                {
                    await second.ReadOutputToEndAsync(CancellationToken.None);
                }
                else if (b)
                {
                    Console.WriteLine("b");
                }
                else
                {
                    await second.ReadOutputToEndAsync(CancellationToken.None);
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id, int mode, bool a, bool b)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                switch (mode)
                {
                    case 0:
                        Console.WriteLine("zero");
                        goto case 1;
                    case 1:
                        {{Drain}}
                        break;
                    default:
                        Console.WriteLine("other");
                        {{Drain}}
                        break;
                }

                using var second = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (a)
                {
                    await second.ReadOutputToEndAsync(CancellationToken.None);
                }
                else if (b)
                {
                    Console.WriteLine("b");
                    await second.ReadOutputToEndAsync(CancellationToken.None);
                }
                else
                {
                    await second.ReadOutputToEndAsync(CancellationToken.None);
                }
            }
        }
        """, DockerLibrary.V3, At(0, 1));

    [Fact]
    public Task Expression_bodied_lambda_with_an_early_return_gets_the_drain() => F.Fix($$"""
        class C
        {
            Func<bool, Task> M(IDockerClient client, string id) => async flag =>
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                if (flag) return;
                {{Drain}}
            };
        }
        """, $$"""
        class C
        {
            Func<bool, Task> M(IDockerClient client, string id) => async flag =>
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                if (flag)
                {
                    {{Drain}}
                    return;
                }

                {{Drain}}
            };
        }
        """, DockerLibrary.V3, At(0));

    [Fact]
    public Task Top_level_switch_gets_the_drain_in_its_unread_section() => F.Fix($$"""
        IDockerClient client = null!;
        using var output = await client.Exec.{|#0:$ExecStart$|}("id"$ExecArgs$);
        switch (args.Length)
        {
            case 0:
                {{Drain}}
                break;
            default:
                Console.WriteLine("arguments");
                break;
        }
        """, $$"""
        IDockerClient client = null!;
        using var output = await client.Exec.$ExecStart$("id"$ExecArgs$);
        switch (args.Length)
        {
            case 0:
                {{Drain}}
                break;
            default:
                Console.WriteLine("arguments");
                {{Drain}}
                break;
        }
        """, DockerLibrary.V3, At(0), outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    [Fact]
    public Task Loop_that_ends_on_its_condition_without_reading_gets_the_drain_after_it() => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client, string id, Func<bool> next)
            {
                using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                while (next())
                {
                    Console.WriteLine("waiting");
                }
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, string id, Func<bool> next)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$);
                while (next())
                {
                    Console.WriteLine("waiting");
                }
                {{Drain}}
            }
        }
        """, DockerLibrary.V3, At(0));

    /// <summary>
    /// A loop that ends on its condition joins the path that read the stream and left it by <c>break</c>: a drain after
    /// the loop would run on both, and no statement stands for "the condition was false". No fix rather than a wrong one.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Loop_that_ends_on_its_condition_after_a_reading_break_gets_no_fix(DockerLibrary library) =>
        Verify<CompletionStreamAnalyzer>.AnalyzeExpectingNoFix($$"""
            class C
            {
                async Task M(IDockerClient client, string id, Func<bool> next, Func<bool> ready)
                {
                    using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                    while (next())
                    {
                        if (ready())
                        {
                            {{Drain}}
                            break;
                        }
                    }
                }
            }
            """, library, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, At(0));

    /// <summary>Two reads on different branches, one path reading neither: a drain anywhere would rob one of them.</summary>
    [Fact]
    public Task Unread_path_that_meets_a_later_read_gets_no_fix() =>
        Verify<CompletionStreamAnalyzer>.AnalyzeExpectingNoFix($$"""
            class C
            {
                async Task M(IDockerClient client, string id, bool a, bool b)
                {
                    using var output = await client.Exec.{|#0:$ExecStart$|}(id$ExecArgs$);
                    if (a)
                    {
                        {{Drain}}
                    }

                    if (b)
                    {
                        await output.CopyOutputToAsync(Stream.Null, Stream.Null, Stream.Null, CancellationToken.None);
                    }
                }
            }
            """, DockerLibrary.V3, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, At(0));
}
