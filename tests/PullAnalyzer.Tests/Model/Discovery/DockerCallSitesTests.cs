using Microsoft.CodeAnalysis.CSharp;
using PullAnalyzer.Discovery;
using Xunit;

namespace PullAnalyzer.Tests.Model.Discovery;

/// <summary>Discovery on its own: the text search that finds candidate calls before anything is bound.</summary>
public class DockerCallSitesTests
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "BuildImageFromDockerfileAsync", "GetContainerLogsAsync", "PullNow" };

    [Fact]
    public void Only_calls_of_wanted_names_are_found_not_their_mentions()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                // BuildImageFromDockerfileAsync(tar, p) in a comment
                string s = "GetContainerLogsAsync(id)";
                async System.Threading.Tasks.Task M(dynamic client, dynamic tar)
                {
                    await client.Images.BuildImageFromDockerfileAsync(tar, null);
                    await client?.Containers.GetContainerLogsAsync("id");
                    await client.Images.BuildImageFromDockerfileAsyncOther(tar);
                    await client.Images.ListImagesAsync(null);
                    PullNow();
                    System.Func<object> f = client.Images.BuildImageFromDockerfileAsync;
                }

                void PullNow() { }
            }
            """);

        var found = DockerCallSites.Find(tree, Names, Names.Contains, CancellationToken.None);

        Assert.Equal(new[] { "client.Images.BuildImageFromDockerfileAsync(tar, null)", ".Containers.GetContainerLogsAsync(\"id\")", "PullNow()" },
            found.Select(call => call.ToString()));
    }

    [Fact]
    public void A_cancelled_search_stops()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void M(dynamic c) { c.BuildImageFromDockerfileAsync(); } }");
        Assert.ThrowsAny<OperationCanceledException>(() => DockerCallSites.Find(tree, Names, Names.Contains, new CancellationToken(canceled: true)));
    }
}
