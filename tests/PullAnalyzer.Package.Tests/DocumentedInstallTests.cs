using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace PullAnalyzer.Package.Tests;

/// <summary>
/// The README's "From this repository" install, run command for command as it is written there (only the clone's
/// path filled in), in a fresh `dotnet new console` project: what a newcomer does before any release exists.
/// </summary>
[Collection("consumer")]
public sealed class DocumentedInstallTests(ITestOutputHelper output) : IDisposable
{
    private const string ClonePlaceholder = "/path/to/clone";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pullanalyzer-install-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The commands of the README's bash block that follows "**From this repository**", comments removed.</summary>
    internal static IReadOnlyList<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Consumer.Repository, "README.md"));
        var section = readme.IndexOf("**From this repository**", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '**From this repository**' install section");
        var block = Regex.Match(readme[section..], "```bash\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "the install section has no bash block");
        return block.Groups[1].Value.Split('\n')
            .Select(line => (line.Contains('#') ? line[..line.IndexOf('#')] : line).Trim())
            .Where(line => line.Length > 0)
            .ToList();
    }

    [Fact]
    public void The_readme_commands_pack_the_repository_and_add_both_packages()
    {
        var commands = ReadmeCommands();
        Assert.Equal("bash eng/pack.sh", commands[0]);
        Assert.Contains($"dotnet add package PullAnalyzer --source {ClonePlaceholder}/artifacts/packages", commands);
        Assert.Contains($"dotnet add package PullAnalyzer.Runtime --source {ClonePlaceholder}/artifacts/packages", commands);
    }

    [Fact]
    public void The_readme_install_from_a_clone_shows_the_rules_in_dotnet_build()
    {
        Directory.CreateDirectory(_root);
        var project = Path.Combine(_root, "FromClone");
        // A package folder of its own: a copy of this version restored earlier on the machine must not stand in for
        // the one the script packs now.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };
        Assert.Equal(0, Step(_root, environment, "dotnet", "new", "console", "-n", "FromClone", "-o", project, "--framework", "net10.0").ExitCode);
        Assert.Equal(0, Step(project, environment, "dotnet", "add", "package", "Docker.DotNet", "--version", "3.125.15").ExitCode);

        foreach (var command in ReadmeCommands())
        {
            var words = command.Replace(ClonePlaceholder, Consumer.Repository.TrimEnd('/'), StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // The pack command runs in the clone, the others in the user's project, as the README's comments say.
            var folder = words[0] == "bash" ? Consumer.Repository : project;
            var result = Step(folder, environment, words[0], words[1..]);
            Assert.True(result.ExitCode == 0, command + "\n" + result.Output);
        }

        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Docker.DotNet;
            using Docker.DotNet.Models;
            using PullAnalyzer.Runtime;

            using var client = new DockerClientConfiguration().CreateClient();
            await client.Images.BuildImageFromDockerfileAsync(Stream.Null, new ImageBuildParameters());
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, new FailOnErrorProgress("pull"));

            """);
        var build = Step(project, environment, "dotnet", "build", "-nologo", "-v", "q");
        Assert.True(build.ExitCode == 0, build.Output);
        // The discarded build stream is reported at its line; the pull with the runtime's progress is not.
        Assert.Equal(new[] { "PULL001 Program.cs:6" }, build.Findings("warning"));
    }

    private CommandResult Step(string folder, IReadOnlyDictionary<string, string> environment, string tool, params string[] arguments)
    {
        var result = Consumer.RunTool(folder, tool, environment, arguments);
        output.WriteLine($"{tool} {string.Join(' ', arguments)}: exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
