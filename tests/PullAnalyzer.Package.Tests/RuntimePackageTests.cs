using System.IO.Compression;
using Xunit;
using Xunit.Abstractions;

namespace PullAnalyzer.Package.Tests;

/// <summary>
/// The two runtime helper packages, as eng/pack.sh packs them: PullAnalyzer.Runtime on Docker.DotNet 3.125.15 and
/// PullAnalyzer.Runtime.Enhanced on Docker.DotNet.Enhanced 4.3.3, each consumed by a fresh console project together
/// with the analyzer (whose PULL005 must not fire on the helper's progress).
/// </summary>
[Collection("consumer")]
public sealed class RuntimePackageTests(Consumer consumer, ITestOutputHelper output)
{
    [Theory]
    [InlineData("PullAnalyzer.Runtime", "Docker.DotNet", "3.125.15")]
    [InlineData("PullAnalyzer.Runtime.Enhanced", "Docker.DotNet.Enhanced", "4.3.3")]
    public void The_runtime_package_holds_its_library_and_depends_on_its_client(string package, string client, string clientVersion)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(consumer.Feed, $"{package}.{consumer.Version}.nupkg"));
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net8.0/{package}.dll", names);
        Assert.Contains($"lib/net8.0/{package}.xml", names);
        using var nuspec = new StreamReader(archive.GetEntry(package + ".nuspec")!.Open());
        Assert.Contains($"<dependency id=\"{client}\" version=\"{clientVersion}\"", nuspec.ReadToEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PullAnalyzer.Runtime", "Docker.DotNet", "3.125.15")]
    [InlineData("PullAnalyzer.Runtime.Enhanced", "Docker.DotNet.Enhanced", "4.3.3")]
    public void A_consumer_of_the_runtime_package_builds_with_no_warning(string package, string client, string clientVersion)
    {
        var name = package.Replace(".", string.Empty, StringComparison.Ordinal) + "Consumer";
        var folder = consumer.CreateProject(name,
            new Dictionary<string, string> { [client] = clientVersion, [package] = consumer.Version, ["PullAnalyzer"] = consumer.Version },
            new Dictionary<string, string>
            {
                ["Program.cs"] = """
                    using Docker.DotNet;
                    using Docker.DotNet.Models;
                    using PullAnalyzer.Runtime;

                    using var runner = ContainerRunner.Connect("unix:///var/run/docker.sock");
                    var result = await runner.RunAsync(new ContainerRunRequest("127.0.0.1:5000/busybox:1", "echo", "hello") { NetworkMode = "none" });
                    Console.Write(result.Stdout);

                    internal static class Jobs
                    {
                        public static async Task Pull(IDockerClient client, string image) =>
                            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new FailOnErrorProgress("pull"));

                        public static async Task Build(IDockerClient client, Stream tar, ImageBuildParameters parameters) =>
                            await client.Images.BuildImageFromDockerfileAsync(parameters, tar, null, null, new FailOnErrorProgress("build"));

                        public static Task<DrainResult> Drain(Stream progressStream) => ProgressStreamDrain.DrainAsync(progressStream, "load");
                    }
                    """,
            });
        var build = Consumer.Run(folder, "build", "-nologo", "-v", "q", "--no-incremental", "-warnaserror");
        output.WriteLine($"dotnet build {name}: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:0.0} s");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Empty(build.Findings());
    }
}
