using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.CodeFixes;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using F = PullAnalyzer.Tests.Infrastructure.VerifyFix<PullAnalyzer.Rules.UnawaitedTaskAnalyzer, PullAnalyzer.CodeFixes.AwaitTaskCodeFixProvider>;

namespace PullAnalyzer.Tests.Fixes;

/// <summary>PULL003's fix in each context: await where the function can, block where it cannot.</summary>
public class AwaitTaskCodeFixTests
{
    private const string Tag = "client.Images.{|#0:TagImageAsync|}(\"busybox\", new ImageTagParameters { RepositoryName = \"copy\" })";
    private const string Tagged = "client.Images.TagImageAsync(\"busybox\", new ImageTagParameters { RepositoryName = \"copy\" })";
    private static readonly DiagnosticResult[] One = { F.Diagnostic("PULL003").WithLocation(0) };

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Async_method_gets_await(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                // tag it
                _ = {{Tag}}; // trailing
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                // tag it
                await {{Tagged}}; // trailing
            }
        }
        """, library, One);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task Sync_method_blocks_on_it(LanguageVersion version) => F.Fix($$"""
        class C
        {
            void M(IDockerClient client)
            {
                {{Tag}};
            }
        }
        """, $$"""
        class C
        {
            void M(IDockerClient client)
            {
                {{Tagged}}.GetAwaiter().GetResult();
            }
        }
        """, DockerLibrary.V3, One, version);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task ConfigureAwait_is_kept(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                {{Tag}}.ConfigureAwait(false);
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                await {{Tagged}}.ConfigureAwait(false);
            }
        }
        """, library, One);

    [Fact]
    public Task Constructor_and_embedded_statement_without_braces_block() => F.Fix($$"""
        class C
        {
            C(IDockerClient client, bool flag)
            {
                if (flag) {{Tag}};
            }
        }
        """, $$"""
        class C
        {
            C(IDockerClient client, bool flag)
            {
                if (flag) {{Tagged}}.GetAwaiter().GetResult();
            }
        }
        """, DockerLibrary.V3, One);

    [Fact]
    public Task Expression_bodied_member_and_lambdas() => F.Fix("""
        class C
        {
            void M(IDockerClient client) => client.Images.{|#0:TagImageAsync|}("a", new ImageTagParameters());
            Action A(IDockerClient client) => () => client.Images.{|#1:TagImageAsync|}("a", new ImageTagParameters());
            Func<Task> F(IDockerClient client) => async () => { client.Images.{|#2:TagImageAsync|}("a", new ImageTagParameters()); await Task.Yield(); };
            void L(IDockerClient client)
            {
                Local();
                void Local() => client.Images.{|#3:TagImageAsync|}("a", new ImageTagParameters());
            }
        }
        """, """
        class C
        {
            void M(IDockerClient client) => client.Images.TagImageAsync("a", new ImageTagParameters()).GetAwaiter().GetResult();
            Action A(IDockerClient client) => () => client.Images.TagImageAsync("a", new ImageTagParameters()).GetAwaiter().GetResult();
            Func<Task> F(IDockerClient client) => async () => { await client.Images.TagImageAsync("a", new ImageTagParameters()); await Task.Yield(); };
            void L(IDockerClient client)
            {
                Local();
                void Local() => client.Images.TagImageAsync("a", new ImageTagParameters()).GetAwaiter().GetResult();
            }
        }
        """, DockerLibrary.V3, new[] { F.Diagnostic("PULL003").WithLocation(0), F.Diagnostic("PULL003").WithLocation(1), F.Diagnostic("PULL003").WithLocation(2), F.Diagnostic("PULL003").WithLocation(3) });

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stored_task_is_awaited_where_it_is_stored(DockerLibrary library) => F.Fix($$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                var tagging = {{Tag}};
                Console.WriteLine(tagging.IsCompleted);
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                var tagging = {{Tagged}};
                await tagging;
                Console.WriteLine(tagging.IsCompleted);
            }
        }
        """, library, One);

    [Fact]
    public Task Top_level_statements_get_await() => F.Fix($$"""
        IDockerClient client = null!;
        {{Tag}}.ConfigureAwait(false);
        """, $$"""
        IDockerClient client = null!;
        await {{Tagged}}.ConfigureAwait(false);
        """, DockerLibrary.V3, One, outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task Fix_all_awaits_every_call_in_the_method() => F.Fix("""
        class C
        {
            async Task M(IDockerClient client)
            {
                _ = client.Images.{|#0:TagImageAsync|}("a", new ImageTagParameters());
                _ = client.Images.{|#1:TagImageAsync|}("b", new ImageTagParameters());
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client)
            {
                await client.Images.TagImageAsync("a", new ImageTagParameters());
                await client.Images.TagImageAsync("b", new ImageTagParameters());
            }
        }
        """, DockerLibrary.Enhanced, new[] { F.Diagnostic("PULL003").WithLocation(0), F.Diagnostic("PULL003").WithLocation(1) });
}
