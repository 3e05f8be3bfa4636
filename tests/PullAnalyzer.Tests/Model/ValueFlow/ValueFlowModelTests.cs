using PullAnalyzer.Catalogue;
using PullAnalyzer.Tests.Infrastructure;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;
using Xunit;

namespace PullAnalyzer.Tests.Model.ValueFlow;

/// <summary>The value-flow model and the path checker on their own: what the tracker learns, what the paths lack.</summary>
public class ValueFlowModelTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task Every_alias_is_a_local_of_the_one_stream(DockerLibrary library)
    {
        var harness = await ModelHarness.Compile("""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
                    object o = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    var copy = o;
                    if (copy is Stream s)
                    {
                        var (first, n) = (s, 1);
                        using var reader = new StreamReader(first, leaveOpen: true);
                        Console.WriteLine(n);
                    }
                }
            }
            """, library);

        var facts = harness.Track("BuildImageFromDockerfileAsync");

        Assert.Equal(new[] { "o", "copy", "s", "first", "reader" }, facts.Locals.Select(local => local.Local.Name));
        Assert.Equal(new[] { true, true, true, true, false }, facts.Locals.Select(local => local.OwnsStream));
        Assert.Equal(StreamShape.Reader, facts.Locals[^1].Shape);
        Assert.False(facts.HasDispose);
        Assert.False(facts.HasUnknownUse);
    }

    [Fact]
    public async Task A_use_that_does_not_bind_is_unknown_and_others_are_not()
    {
        var harness = await ModelHarness.Compile("""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
                    var bound = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    await bound.CopyToAsync(Stream.Null);
                    var unbound = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    await unbound.CopyToAsync(Stream.Null, notTypedYet);
                }
            }
            """);

        Assert.False(harness.Track("BuildImageFromDockerfileAsync", 0).HasUnknownUse);
        Assert.True(harness.Track("BuildImageFromDockerfileAsync", 1).HasUnknownUse);
    }

    [Fact]
    public async Task A_read_in_a_loop_is_recorded_with_its_loop()
    {
        var harness = await ModelHarness.Compile("""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
                    using var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    var buffer = new byte[16];
                    Console.WriteLine(await output.ReadAsync(buffer, 0, 16));
                    while (await output.ReadAsync(buffer, 0, 16) > 0) { }
                }
            }
            """);

        var facts = harness.Track("BuildImageFromDockerfileAsync");

        var (read, loop) = Assert.Single(facts.ReadLoops);
        Assert.StartsWith("while", loop.ToString());
        Assert.Contains(read, facts.SettledSites);
    }

    [Theory]
    [InlineData("while ((n = await output.ReadAsync(buffer, 0, 16)) > 0) { }", "None")]
    [InlineData("for (var i = 0; i < 1; i++) { await output.ReadAsync(buffer, 0, 16); }", "LeavesScope")]
    [InlineData("while (true) { n = await output.ReadAsync(buffer, 0, 16); var end = n == 0; if (end) { Console.WriteLine(); break; } }", "None")]
    [InlineData("while (!token.IsCancellationRequested) { if (await output.ReadAsync(buffer, 0, 16) == 0) break; }", "LeavesScope")]
    [InlineData("if (token.IsCancellationRequested) return; await output.CopyToAsync(Stream.Null);", "LeavesScope")]
    [InlineData("if (output is null) return; await output.CopyToAsync(Stream.Null);", "None")]
    [InlineData("output = Stream.Null; await output.CopyToAsync(Stream.Null);", "Overwritten")]
    public async Task The_path_checker_finds_what_a_path_lacks(string code, string expected)
    {
        var harness = await ModelHarness.Compile($$"""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, CancellationToken token)
                {
                    var buffer = new byte[16];
                    int n;
                    Stream? output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    {{code}}
                }
            }
            """);

        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync");
        var facts = harness.Analysis.Tracker.Track(value, docker.Shape, new WalkContext(CancellationToken.None));

        Assert.Equal(Enum.Parse<PathViolation>(expected), PathChecker.Check(ModelHarness.Graph(value), value, facts, docker.IsExecStart, CancellationToken.None, withExits: false).Violation);
    }

    [Fact]
    public async Task Exits_are_where_each_unread_path_leaves()
    {
        var harness = await ModelHarness.Compile("""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool quick)
                {
                    var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    if (quick)
                    {
                        return;
                    }

                    await output.CopyToAsync(Stream.Null);
                }
            }
            """);

        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync");
        var verdict = PathChecker.Check(ModelHarness.Graph(value), value, harness.Analysis.Tracker.Track(value, docker.Shape, new WalkContext(CancellationToken.None)), isExec: false, CancellationToken.None);

        Assert.Equal(PathViolation.LeavesScope, verdict.Violation);
        var exit = Assert.Single(verdict.Exits);
        // The one unread path is the early return: it leaves straight into the end of the method.
        Assert.Equal(Microsoft.CodeAnalysis.FlowAnalysis.BasicBlockKind.Exit, exit.Branch!.Destination!.Kind);
        Assert.Null(exit.Inspect);
        Assert.True(verdict.ExitsAreComplete);
    }
}
