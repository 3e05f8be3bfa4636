using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Rules;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;
using Xunit;

namespace PullAnalyzer.Tests.Model;

/// <summary>
/// In an IDE every keystroke cancels the analysis of the previous text: the analysis context's token must stop every
/// walk (docs/design.md §2), and a cancelled analysis reports nothing. Each walk is given a token that is already
/// cancelled, on code where it would otherwise answer, so a walk that does not look at the token returns instead of
/// throwing; and a token cancelled in the middle of a large member stops the analysis at the next step.
/// </summary>
public class CancellationTests
{
    private const string Build = """
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p, IProgress<JSONMessage> unknown)
            {
                var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                using var reader = new StreamReader(output);
                if (p.Tags == null)
                {
                    return;
                }

                while (await reader.ReadLineAsync() is { } line)
                {
                    Console.WriteLine(line);
                }

                await Helper(await client.Images.BuildImageFromDockerfileAsync(tar, p));
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new Quiet());
            }

            static async Task Helper(Stream stream)
            {
                using var reader = new StreamReader(stream);
                await reader.ReadLineAsync();
            }
        }

        sealed class Quiet : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        """;

    private static CancellationToken Cancelled => new(canceled: true);

    [Fact]
    public async Task The_value_flow_tracker_stops()
    {
        var harness = await ModelHarness.Compile(Build);
        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync");
        Assert.Throws<OperationCanceledException>(() => harness.Analysis.Tracker.Track(value, docker.Shape, new WalkContext(Cancelled)));
    }

    [Fact]
    public async Task The_path_checker_stops()
    {
        var harness = await ModelHarness.Compile(Build);
        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync");
        var facts = harness.Track("BuildImageFromDockerfileAsync");
        var graph = harness.Analysis.Graphs.GraphOf(OperationTree(value), CancellationToken.None)!;
        // Uncancelled, the checker answers: the early return leaves the stream unread.
        Assert.Equal(PathViolation.LeavesScope, PathChecker.Check(graph, value, facts, docker.IsExecStart, CancellationToken.None).Violation);
        Assert.Throws<OperationCanceledException>(() => PathChecker.Check(graph, value, facts, docker.IsExecStart, Cancelled));
    }

    [Fact]
    public async Task A_hand_off_summary_stops()
    {
        var harness = await ModelHarness.Compile(Build);
        var (value, docker) = harness.Stream("BuildImageFromDockerfileAsync", occurrence: 1);
        var argument = (IArgumentOperation)PullAnalyzer.Operations.OperationTree.SkipConversions(value).Parent!;
        var summaries = new CalleeSummaries(harness.Analysis.Graphs);
        // Uncancelled, the helper that reads one line is known not to read the stream to its end.
        Assert.False(summaries.Settles(argument, docker.Shape, harness.Analysis.Tracker, new WalkContext(CancellationToken.None)));
        Assert.Throws<OperationCanceledException>(() =>
            new CalleeSummaries(harness.Analysis.Graphs).Settles(argument, docker.Shape, harness.Analysis.Tracker, new WalkContext(Cancelled)));
    }

    [Fact]
    public async Task The_progress_classifier_stops()
    {
        var harness = await ModelHarness.Compile(Build);
        var call = harness.Site("CreateImageAsync", new List<Diagnostic>(), CancellationToken.None).Invocation!;
        var progress = harness.Analysis.Catalogue.ProgressArgument(call)!.Value;
        Assert.Throws<OperationCanceledException>(() => new ProgressClassifier(harness.Analysis.Catalogue, harness.Analysis.Graphs).Classify(progress, new WalkContext(Cancelled)));
        Assert.Equal(ProgressProblem.IgnoresError, new ProgressClassifier(harness.Analysis.Catalogue, harness.Analysis.Graphs).Classify(progress, new WalkContext(CancellationToken.None))?.Problem);
    }

    [Fact]
    public async Task A_member_graph_is_not_made_and_not_kept()
    {
        var harness = await ModelHarness.Compile(Build);
        var root = OperationTree(harness.Stream("BuildImageFromDockerfileAsync").Value);
        Assert.ThrowsAny<OperationCanceledException>(() => harness.Analysis.Graphs.GraphOf(root, Cancelled));
        // The cancelled attempt left nothing half made behind: a later analysis gets the whole graph.
        Assert.NotNull(harness.Analysis.Graphs.GraphOf(root, CancellationToken.None));
    }

    /// <summary>Each rule, cancelled, throws and reports nothing where it would otherwise report.</summary>
    [Theory]
    [InlineData("PULL001", "BuildImageFromDockerfileAsync", 1)]
    [InlineData("PULL002", "BuildImageFromDockerfileAsync", 0)]
    [InlineData("PULL003", "PushImageAsync", 0)]
    [InlineData("PULL004", "GetContainerLogsAsync", 0)]
    [InlineData("PULL005", "CreateImageAsync", 0)]
    public async Task A_cancelled_rule_reports_nothing(string id, string method, int occurrence)
    {
        var harness = await ModelHarness.Compile("""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
                    var output = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    if (p.Tags == null)
                    {
                        return;
                    }

                    await output.CopyToAsync(Stream.Null);
                    await client.Images.BuildImageFromDockerfileAsync(tar, p);
                    var push = client.Images.PushImageAsync("app", new ImagePushParameters(), new AuthConfig(), new Quiet());
                    var logs = await client.Containers.GetContainerLogsAsync("id", new ContainerLogsParameters());
                    await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new Quiet());
                }
            }

            sealed class Quiet : IProgress<JSONMessage>
            {
                public void Report(JSONMessage value) => Console.WriteLine(value.Status);
            }
            """);
        var rule = RuleFor(id);

        var reported = new List<Diagnostic>();
        rule.Analyze(harness.Site(method, reported, CancellationToken.None, occurrence), harness.Analysis);
        Assert.Contains(reported, diagnostic => diagnostic.Id == id);

        var cancelled = new List<Diagnostic>();
        Assert.ThrowsAny<OperationCanceledException>(() => rule.Analyze(harness.Site(method, cancelled, Cancelled, occurrence), harness.Analysis));
        Assert.Empty(cancelled);
    }

    /// <summary>
    /// A large member: 150 builds, each read line by line on one branch. The token is cancelled when the first
    /// diagnostic is reported; the walk of the next call stops at its first step, so no later call is reported.
    /// </summary>
    [Fact]
    public async Task Cancelled_in_the_middle_of_a_large_member_the_analysis_stops_at_the_next_step()
    {
        const int calls = 150;
        var body = new StringBuilder();
        for (var i = 0; i < calls; i++)
        {
            body.Append($$"""
                        var output{{i}} = await client.Images.BuildImageFromDockerfileAsync(tar, p);
                        if (p.Tags != null)
                        {
                            using var reader{{i}} = new StreamReader(output{{i}});
                            while (await reader{{i}}.ReadLineAsync() is { } line{{i}})
                            {
                                Console.WriteLine(line{{i}});
                            }
                        }

                """);
        }

        var harness = await ModelHarness.Compile($$"""
            class C
            {
                async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
                {
            {{body}}
                }
            }
            """);
        using var cancellation = new CancellationTokenSource();
        var reported = new List<Diagnostic>();
        var rule = new CompletionStreamAnalyzer();
        var analyzed = 0;
        var exception = Record.Exception(() =>
        {
            for (var i = 0; i < calls; i++)
            {
                var before = reported.Count;
                rule.Analyze(harness.Site("BuildImageFromDockerfileAsync", reported, cancellation.Token, i), harness.Analysis);
                analyzed++;
                if (reported.Count > before)
                {
                    cancellation.Cancel();
                }
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
        Assert.Single(reported);
        Assert.Equal(1, analyzed);
    }

    private static DockerCallAnalyzer RuleFor(string id) => id switch
    {
        "PULL001" or "PULL002" => new CompletionStreamAnalyzer(),
        "PULL003" => new UnawaitedTaskAnalyzer(),
        "PULL004" => new DataStreamAnalyzer(),
        _ => new ProgressErrorAnalyzer(),
    };

    private static IOperation OperationTree(IOperation value) => PullAnalyzer.Operations.OperationTree.RootOf(value);
}
