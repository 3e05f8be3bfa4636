using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>The PullRun sample as a user runs it: output, exit codes and one-line messages.</summary>
[Collection("engine")]
public class PullRunSampleTests
{
    private static readonly string Dll = typeof(PullRunSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PullRunDll").Value!;

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string? dockerHost, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOCKER_HOST"] = dockerHost ?? Engine.Address;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [EngineFact]
    public async Task Hello_world_prints_the_pull_progress_and_the_output()
    {
        var (code, stdout, stderr) = await Run(null, "--pull", "always", Engine.Image, "echo", "hello", "world");
        Assert.Equal(0, code);
        Assert.Equal("hello world\n", stdout);
        Assert.Contains("pull: Status:", stderr, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task The_containers_exit_code_is_passed_through()
    {
        var (code, stdout, _) = await Run(null, "--network", "none", Engine.Image, "sh", "-c", "echo bye; exit 7");
        Assert.Equal(7, code);
        Assert.Equal("bye\n", stdout);
    }

    [EngineFact]
    public async Task A_corrupted_layer_exits_123_with_the_engines_text()
    {
        var (code, _, stderr) = await Run(null, "--pull", "always", Engine.BrokenImage, "true");
        Assert.Equal(123, code);
        Assert.Contains("PullRun: The pull failed: filesystem layer verification failed for digest sha256:", stderr, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task With_the_guard_a_clean_run_keeps_the_commands_exit_code_and_prints_nothing_of_the_guard()
    {
        var (code, stdout, stderr) = await Run(null, "--guard", "--pull", "always", "--network", "none", Engine.Image, "sh", "-c", "echo guarded; exit 4");
        Assert.Equal(4, code);
        Assert.Equal("guarded\n", stdout);
        Assert.DoesNotContain("guard:", stderr, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task With_the_guard_an_engine_error_inside_the_pull_is_printed_with_its_site_and_exits_120()
    {
        var (code, _, stderr) = await Run(null, "--guard", "--pull", "always", Engine.BrokenImage, "true");
        Assert.Equal(120, code);
        Assert.Contains("PullRun: The pull failed: filesystem layer verification failed for digest sha256:", stderr, StringComparison.Ordinal);
        Assert.Contains("PullRun: guard: Engine error inside the stream: the pull of IImageOperations.CreateImageAsync (POST /images/create), called at Program.cs:", stderr, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task An_unknown_image_exits_122()
    {
        var (code, _, stderr) = await Run(null, Engine.Registry + "/no-such-image:1", "true");
        Assert.Equal(122, code);
        Assert.Contains("PullRun: Image '" + Engine.Registry + "/no-such-image:1' was not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_engine_exits_121_naming_the_address_and_DOCKER_HOST()
    {
        var (code, _, stderr) = await Run("unix:///tmp/pullanalyzer-no-engine.sock", Engine.Image, "true");
        Assert.Equal(121, code);
        Assert.Contains("PullRun: Cannot reach the Docker engine at unix:///tmp/pullanalyzer-no-engine.sock", stderr, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", stderr, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task A_run_over_its_timeout_exits_124()
    {
        var (code, _, stderr) = await Run(null, "--timeout", "1", "--network", "none", Engine.Image, "sleep", "30");
        Assert.Equal(124, code);
        Assert.Contains("PullRun: The run did not finish within 1 s.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_125_with_the_usage()
    {
        var (code, _, stderr) = await Run(null, "--pull", "sometimes", "x");
        Assert.Equal(125, code);
        Assert.Contains("PullRun: --pull takes missing, always or never, not 'sometimes'", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: PullRun", stderr, StringComparison.Ordinal);
    }
}
