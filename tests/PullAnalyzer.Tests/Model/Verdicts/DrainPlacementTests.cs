using PullAnalyzer.Tests.Infrastructure;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;
using PullAnalyzer.Verdicts.Properties;
using Xunit;

namespace PullAnalyzer.Tests.Model.Verdicts;

/// <summary>Drain placement on its own: the path checker's exits turned into places in the code, or no place at all.</summary>
public class DrainPlacementTests
{
    [Theory]
    [InlineData("if (quick) { return; } await output.CopyToAsync(Stream.Null);", "FirstIn:{ return; }")]
    [InlineData("if (quick) { Console.WriteLine(); } else { await output.CopyToAsync(Stream.Null); }", "After:Console.WriteLine();")]
    [InlineData("if (quick) { await output.CopyToAsync(Stream.Null); }", "Else:if (quick) { await output.CopyToAsync(Stream.Null); }")]
    [InlineData("switch (n) { case 1: await output.CopyToAsync(Stream.Null); break; }", "Default:switch (n) { case 1: await output.CopyToAsync(Stream.Null); break; }")]
    public async Task Each_unread_path_gets_one_place(string code, string expected)
    {
        var (points, source) = await Place(code);
        var point = Assert.Single(points!.Value);
        Assert.Equal("output", point.Local);
        Assert.Equal(expected, point.Kind + ":" + source.Substring(point.Target.Start, point.Target.Length));
    }

    /// <summary>A condition made of <c>&amp;&amp;</c> has no one place for "the other way": no fix rather than a wrong one.</summary>
    [Fact]
    public async Task A_branch_that_maps_to_no_place_gives_no_placement()
    {
        var (points, _) = await Place("if (quick && n > 1) { await output.CopyToAsync(Stream.Null); }");
        Assert.Null(points);
    }

    private static async Task<(System.Collections.Immutable.ImmutableArray<DrainPoint>? Points, string Source)> Place(string code)
    {
        var harness = await ModelHarness.Compile($$"""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, bool quick, int n)
                {
                    var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    {{code}}
                }
            }
            """);
        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync");
        var facts = harness.Analysis.Tracker.Track(value, docker.Shape, new WalkContext(CancellationToken.None));
        var verdict = PathChecker.Check(ModelHarness.Graph(value), value, facts, docker.IsExecStart, CancellationToken.None);
        Assert.Equal(PathViolation.LeavesScope, verdict.Violation);
        return (DrainPlacement.Place(verdict, facts), harness.Model.SyntaxTree.ToString());
    }
}
