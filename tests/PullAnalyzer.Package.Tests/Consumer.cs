using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace PullAnalyzer.Package.Tests;

/// <summary>What one `dotnet` command did.</summary>
public sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The distinct "File.cs(line,col): warning|error PULLnnn" entries of a build's output.</summary>
    public IReadOnlyList<string> Findings(string severity = "warning|error") =>
        Regex.Matches(Output, $@"(\w+\.cs)\((\d+),\d+\): (?:{severity}) (PULL\d{{3}})")
            .Select(m => $"{m.Groups[3].Value} {m.Groups[1].Value}:{m.Groups[2].Value}")
            .Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Packs PullAnalyzer once into a temporary local feed, and makes fresh console projects from `dotnet new console` that
/// consume it the way users do. Packages restore into a private folder, so a stale copy of this version never masks
/// the one just packed.
/// </summary>
public sealed class Consumer : IDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    public Consumer()
    {
        Root = Path.Combine(Path.GetTempPath(), "pullanalyzer-consumer-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        // The documented way to pack (README, Install): the script a user runs, into a folder of this fixture's own.
        var pack = RunTool(Repository, "bash", "eng/pack.sh", Feed);
        Assert.True(pack.ExitCode == 0, "eng/pack.sh failed:\n" + pack.Output);
        AnalyzerPackage = Directory.GetFiles(Feed, "PullAnalyzer.*.nupkg").Single(file => AnalyzerPackageName.IsMatch(Path.GetFileName(file)));
        Version = AnalyzerPackageName.Match(Path.GetFileName(AnalyzerPackage)).Groups[1].Value;
    }

    /// <summary>The clone of this repository the tests run from.</summary>
    public static string Repository { get; } =
        typeof(Consumer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public string Root { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string Version { get; }

    /// <summary>The path of the analyzer package (the feed also holds the runtime helper's).</summary>
    public string AnalyzerPackage { get; }

    private static readonly Regex AnalyzerPackageName = new(@"^PullAnalyzer\.(\d+\.\d+\.\d+.*)\.nupkg$");

    /// <summary>A new console project with the given packages and source files (Program.cs is replaced).</summary>
    public string CreateProject(string name, IReadOnlyDictionary<string, string> packages, IReadOnlyDictionary<string, string> files)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        var created = Run(folder, "new", "console", "-n", name, "-o", folder, "--framework", "net10.0");
        Assert.True(created.ExitCode == 0, created.Output);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Packages}" /></config>
              <packageSources><add key="pullanalyzer-local" value="{Feed}" /></packageSources>
            </configuration>
            """);
        var references = string.Join("\n", packages.Select(p => $"""    <PackageReference Include="{p.Key}" Version="{p.Value}" />"""));
        var project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"  <ItemGroup>\n{references}\n  </ItemGroup>\n</Project>"));
        File.Delete(Path.Combine(folder, "Program.cs"));
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        return folder;
    }

    public static CommandResult Run(string workingDirectory, params string[] arguments) => RunTool(workingDirectory, "dotnet", arguments);

    /// <summary>Runs <paramref name="tool"/> (dotnet, bash) with a clean MSBuild environment and a time limit.</summary>
    public static CommandResult RunTool(string workingDirectory, string tool, params string[] arguments) =>
        RunTool(workingDirectory, tool, new Dictionary<string, string>(), arguments);

    public static CommandResult RunTool(string workingDirectory, string tool, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The consumer builds must not inherit the test host's MSBuild state.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {CommandLimit}");
        }

        output.Append(stdout.Result).Append(stderr.Result);
        return new CommandResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition("consumer")]
public sealed class ConsumerCollection : ICollectionFixture<Consumer>
{
}
