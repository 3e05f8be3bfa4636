using System.IO.Compression;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace PullAnalyzer.Package.Tests;

/// <summary>PullAnalyzer as users meet it: a NuGet package in a project built with the real .NET SDK.</summary>
[Collection("consumer")]
public sealed class PackageConsumerTests(Consumer consumer, ITestOutputHelper output)
{
    /// <summary>One mistake per rule; the rule each line must carry is in its trailing comment.</summary>
    private const string Mistakes = """
        using Docker.DotNet;
        using Docker.DotNet.Models;

        internal sealed class Mistakes(IDockerClient client)
        {
            public async Task Build(Stream tar) =>
                await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters()); // PULL001

            public async Task<long?> Exec(string id)
            {
                using var output = await client.Exec.$ExecStart$(id$ExecArgs$); // PULL002
                var inspect = await client.Exec.InspectContainerExecAsync(id);
                return inspect.ExitCode;
            }

            public void Pull(IProgress<JSONMessage> progress) =>
                client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, progress); // PULL003

            public async Task<int> Logs(string id)
            {
                var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true }); // PULL004
                var first = await logs.ReadOutputAsync(new byte[64], 0, 64, CancellationToken.None);
                return first.Count;
            }

            public async Task Posted() =>
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new Progress<JSONMessage>()); // PULL005
        }
        """;

    private const string Program = "Console.WriteLine(\"consumer\");\n";

    private static string Dialect(bool enhanced) => Dialect(Mistakes, enhanced);

    /// <summary>The places where the two clients differ: exec start and its arguments, the tty flag of logs.</summary>
    private static string Dialect(string source, bool enhanced) => enhanced
        ? source.Replace("$ExecStart$", "StartContainerExecAsync").Replace("$ExecArgs$", ", new ContainerExecStartParameters()").Replace("$Tty$", "")
        : source.Replace("$ExecStart$", "StartAndAttachContainerExecAsync").Replace("$ExecArgs$", ", false").Replace("$Tty$", ", false");

    /// <summary>"PULLnnn Mistakes.cs:line" for every marked line of the source.</summary>
    private static List<string> Expected(string source) =>
        source.Split('\n').Select((line, index) => (line, index))
            .Where(l => l.line.Contains("// PULL", StringComparison.Ordinal))
            .Select(l => $"{l.line[(l.line.IndexOf("// PULL", StringComparison.Ordinal) + 3)..].Trim()} Mistakes.cs:{l.index + 1}")
            .OrderBy(s => s, StringComparer.Ordinal).ToList();

    private string Project(string name, bool enhanced = false, bool withDocker = true, bool withAnalyzer = true, string? editorconfig = null)
    {
        var packages = new Dictionary<string, string>();
        if (withDocker) packages[enhanced ? "Docker.DotNet.Enhanced" : "Docker.DotNet"] = enhanced ? "4.3.3" : "3.125.15";
        if (withAnalyzer) packages["PullAnalyzer"] = consumer.Version;
        var files = new Dictionary<string, string> { ["Program.cs"] = Program };
        if (withDocker) files["Mistakes.cs"] = Dialect(enhanced);
        if (editorconfig is not null) files[".editorconfig"] = "root = true\n\n[*.cs]\n" + editorconfig;
        return consumer.CreateProject(name, packages, files);
    }

    private CommandResult Build(string folder, params string[] extra)
    {
        var result = Consumer.Run(folder, new[] { "build", "-nologo", "-v", "q", "--no-incremental" }.Concat(extra).ToArray());
        output.WriteLine($"dotnet build {string.Join(' ', extra)} in {Path.GetFileName(folder)}: exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    [Fact]
    public void The_package_holds_both_dlls_under_analyzers_and_nothing_under_lib()
    {
        using var package = ZipFile.OpenRead(consumer.AnalyzerPackage);
        var names = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/PullAnalyzer.dll", names);
        Assert.Contains("analyzers/dotnet/cs/PullAnalyzer.CodeFixes.dll", names);
        Assert.Contains("README.md", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        using var nuspec = new StreamReader(package.GetEntry("PullAnalyzer.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
        Assert.Contains("PULL005 | Reliability | Warning", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dotnet_build_reports_each_rule_at_its_line(bool enhanced)
    {
        var folder = Project(enhanced ? "EnhancedConsumer" : "Consumer", enhanced);
        var build = Build(folder);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(Expected(Dialect(enhanced)), build.Findings("warning"));
    }

    [Fact]
    public void Warnaserror_fails_the_build_on_every_rule()
    {
        var build = Build(Project("StrictConsumer"), "-warnaserror");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(Expected(Dialect(false)), build.Findings("error"));
    }

    [Fact]
    public void Editorconfig_severity_silences_and_escalates()
    {
        var build = Build(Project("ConfiguredConsumer", editorconfig: "dotnet_diagnostic.PULL001.severity = none\ndotnet_diagnostic.PULL003.severity = error\n"));
        Assert.NotEqual(0, build.ExitCode);
        Assert.DoesNotContain(build.Findings(), f => f.StartsWith("PULL001", StringComparison.Ordinal));
        Assert.Contains(build.Findings("error"), f => f.StartsWith("PULL003", StringComparison.Ordinal));
        Assert.Contains(build.Findings("warning"), f => f.StartsWith("PULL004", StringComparison.Ordinal));
    }

    [Fact]
    public void Dotnet_format_applies_the_fixes_and_the_result_builds_clean()
    {
        var folder = Project("FormattedConsumer");
        var format = Consumer.Run(folder, "format", "analyzers", "--diagnostics", "PULL001", "PULL002", "PULL003", "PULL004", "PULL005", "--severity", "warn");
        output.WriteLine("dotnet format: exit " + format.ExitCode + "\n" + format.Output);
        Assert.Equal(0, format.ExitCode);
        var fixedText = File.ReadAllText(Path.Combine(folder, "Mistakes.cs"));
        Assert.Contains("ReadOutputToEndAsync", fixedText, StringComparison.Ordinal);
        Assert.Contains("await client.Images.CreateImageAsync", fixedText, StringComparison.Ordinal);

        var build = Build(folder);
        Assert.True(build.ExitCode == 0, build.Output + "\n---\n" + fixedText);
        Assert.Empty(build.Findings());
        Assert.Contains("new EngineErrorProgress(", fixedText, StringComparison.Ordinal);
        Assert.Single(HelperDeclarations(folder));
    }

    /// <summary>
    /// Without PullAnalyzer.Runtime, PULL005's fix gives the project one helper: two classes in two files that each pass a
    /// posting progress to a pull end up sharing it, and a second run of the fixes adds nothing. dotnet format's workspace
    /// cannot add a file to an SDK-style project without breaking its build (dotnet/roslyn#36781), so there the helper is
    /// declared in the first file that needs it; an IDE gets its own file (Fixes/ProjectHelperFileTests).
    /// </summary>
    [Fact]
    public void Dotnet_format_gives_a_project_one_helper_for_every_progress_it_fixes()
    {
        string Puller(string name) => $$"""
            using Docker.DotNet;
            using Docker.DotNet.Models;

            namespace Acme.Images;

            sealed class {{name}}(IDockerClient client)
            {
                public async Task PullAsync(string image) =>
                    await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new Progress<JSONMessage>()); // PULL005
            }
            """;
        var packages = new Dictionary<string, string> { ["Docker.DotNet"] = "3.125.15", ["PullAnalyzer"] = consumer.Version };
        var folder = consumer.CreateProject("TwoPullers", packages, new Dictionary<string, string>
        {
            ["Program.cs"] = Program,
            ["FirstPuller.cs"] = Puller("FirstPuller"),
            ["SecondPuller.cs"] = Puller("SecondPuller"),
        });

        for (var run = 0; run < 2; run++)
        {
            var format = Consumer.Run(folder, "format", "analyzers", "--diagnostics", "PULL005", "--severity", "warn");
            output.WriteLine("dotnet format: exit " + format.ExitCode + "\n" + format.Output);
            Assert.Equal(0, format.ExitCode);
        }

        var host = Assert.Single(HelperDeclarations(folder));
        Assert.Contains(host, new[] { "FirstPuller.cs", "SecondPuller.cs" });
        Assert.DoesNotContain("Compile Include", File.ReadAllText(Path.Combine(folder, "TwoPullers.csproj")), StringComparison.Ordinal);
        foreach (var file in new[] { "FirstPuller.cs", "SecondPuller.cs" })
        {
            var fixedText = File.ReadAllText(Path.Combine(folder, file));
            output.WriteLine(fixedText);
            Assert.Contains("new EngineErrorProgress(new Progress<JSONMessage>())", fixedText, StringComparison.Ordinal);
            Assert.Contains("ThrowIfFailed(\"pull\")", fixedText, StringComparison.Ordinal);
        }

        Assert.Contains("internal sealed class EngineErrorProgress", File.ReadAllText(Path.Combine(folder, host)), StringComparison.Ordinal);
        var build = Build(folder);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Empty(build.Findings());
    }

    /// <summary>The project's files that declare the PULL005 helper class.</summary>
    private static List<string> HelperDeclarations(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && File.ReadAllText(file).Contains("class EngineErrorProgress", StringComparison.Ordinal))
            .Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal).ToList()!;

    /// <summary>
    /// The `dotnet new console` template: top-level statements with every rule's mistake, fixed from the command line.
    /// Every fix must apply there too (one PULL005 helper for the project, used from the statements and the class file
    /// alike) and the result build clean.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dotnet_format_fixes_every_rule_in_a_top_level_program(bool enhanced)
    {
        var program = $$"""
            using Docker.DotNet;
            using Docker.DotNet.Models;

            IDockerClient client = {{(enhanced ? "new DockerClientBuilder().Build()" : "new DockerClientConfiguration().CreateClient()")}};
            var tar = Stream.Null;
            await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters()); // PULL001
            using var output = await client.Exec.$ExecStart$("exec-id"$ExecArgs$); // PULL002
            var inspect = await client.Exec.InspectContainerExecAsync("exec-id");
            Console.WriteLine(inspect.ExitCode);
            _ = client.Images.TagImageAsync("busybox", new ImageTagParameters { RepositoryName = "copy" }); // PULL003
            var logs = await client.Containers.GetContainerLogsAsync("container-id"$Tty$, new ContainerLogsParameters { ShowStdout = true }); // PULL004
            Console.WriteLine((await logs.ReadOutputAsync(new byte[64], 0, 64, CancellationToken.None)).Count);
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new Progress<JSONMessage>(m => Console.WriteLine(m.Status))); // PULL005
            """;
        // A class file beside it with the shapes whose fixes need more than one place: a stream taken by blocking in a
        // method that cannot await, a load dropped as a statement (PULL003 and PULL005 on one call), the archive response,
        // a service that passes itself as the progress from a member that returns the task.
        var services = $$"""
            using Docker.DotNet;
            using Docker.DotNet.Models;

            sealed class Services(IDockerClient client)
            {
                public void BuildNow(Stream tar)
                {
                    var output = client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters()).Result; // PULL001
                }

                public async Task LoadAsync(Stream tar)
                {
                    client.Images.LoadImageAsync(new ImageLoadParameters(), tar, new Progress<JSONMessage>()); // PULL003, PULL005
                    await Task.Yield();
                }

                public async Task<string> ArchiveAsync(string id)
                {
                    var response = await client.Containers.GetArchiveFromContainerAsync(id, new {{(enhanced ? "ContainerPathStatParameters" : "GetArchiveFromContainerParameters")}} { Path = "/etc" }, false); // PULL004
                    return response.Stat.Name;
                }
            }

            sealed class Puller(IDockerClient client) : IProgress<JSONMessage>
            {
                public Task PullAsync() => client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, this); // PULL005

                public void Report(JSONMessage value) => Console.WriteLine(value.Status);
            }
            """;
        var source = Dialect(program, enhanced);
        var packages = new Dictionary<string, string>
        {
            [enhanced ? "Docker.DotNet.Enhanced" : "Docker.DotNet"] = enhanced ? "4.3.3" : "3.125.15",
            ["PullAnalyzer"] = consumer.Version,
        };
        var folder = consumer.CreateProject(enhanced ? "TopLevelEnhanced" : "TopLevel", packages,
            new Dictionary<string, string> { ["Program.cs"] = source, ["Services.cs"] = services });

        var before = Build(folder);
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Equal(new[] { "PULL001", "PULL002", "PULL003", "PULL004", "PULL005" },
            before.Findings("warning").Select(f => f[..7]).Distinct().OrderBy(id => id, StringComparer.Ordinal));

        var format = Consumer.Run(folder, "format", "analyzers", "--diagnostics", "PULL001", "PULL002", "PULL003", "PULL004", "PULL005", "--severity", "warn");
        output.WriteLine("dotnet format: exit " + format.ExitCode + "\n" + format.Output);
        Assert.Equal(0, format.ExitCode);
        var fixedText = File.ReadAllText(Path.Combine(folder, "Program.cs"));
        output.WriteLine(fixedText);

        var after = Build(folder);
        Assert.True(after.ExitCode == 0, after.Output + "\n---\n" + fixedText);
        Assert.Empty(after.Findings());
        Assert.Contains("new EngineErrorProgress(", fixedText, StringComparison.Ordinal);
        Assert.Single(HelperDeclarations(folder));
        Assert.Contains("await output.ReadOutputToEndAsync(", fixedText, StringComparison.Ordinal);
        var fixedServices = File.ReadAllText(Path.Combine(folder, "Services.cs"));
        output.WriteLine(fixedServices);
        Assert.Contains(".GetAwaiter().GetResult()", fixedServices, StringComparison.Ordinal);
        Assert.Contains("await client.Images.LoadImageAsync(", fixedServices, StringComparison.Ordinal);
        Assert.Contains("using var archive = response.Stream;", fixedServices, StringComparison.Ordinal);
        Assert.Contains("public async Task PullAsync()", fixedServices, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sarif_log_lists_the_rules_with_their_help_links()
    {
        var folder = Project("SarifConsumer");
        var sarif = Path.Combine(folder, "build.sarif");
        var build = Build(folder, $"-p:ErrorLog={sarif}%2Cversion=2.1");
        Assert.Equal(0, build.ExitCode);
        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        var rules = log.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("PULL", StringComparison.Ordinal))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("helpUri").GetString()!);
        Assert.Equal(new[] { "PULL001", "PULL002", "PULL003", "PULL004", "PULL005" }, rules.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(rules, rule => Assert.EndsWith("/docs/rules/" + rule.Key + ".md", rule.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_without_Docker_reports_nothing()
    {
        var without = Project("PlainConsumer", withDocker: false);
        var reference = Project("PlainReference", withDocker: false, withAnalyzer: false);
        Build(without);
        Build(reference);
        var timed = Enumerable.Range(0, 3).Select(_ => (With: Build(without), Without: Build(reference))).ToList();
        Assert.All(timed, t => Assert.Equal(0, t.With.ExitCode));
        Assert.All(timed, t => Assert.Empty(t.With.Findings()));
        output.WriteLine("build time without Docker.DotNet, with / without PullAnalyzer (s): " +
            string.Join("; ", timed.Select(t => $"{t.With.Elapsed.TotalSeconds:0.00} / {t.Without.Elapsed.TotalSeconds:0.00}")));
    }
}
