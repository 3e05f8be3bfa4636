using Docker.DotNet.Models;
using PullRun;
using Spectre.Console.Testing;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>
/// What a person sees of PullRun's display: drawn live on Spectre.Console's test console (an interactive terminal of
/// fixed width) while the real flow runs against the engine of eng/engine.sh, and as plain lines when not on a terminal.
/// </summary>
[Collection("engine")]
public sealed class PullDisplayTests
{
    private static TestConsole Terminal() => new TestConsole().Interactive().Width(120);

    private static ContainerRunRequest Request(string image, IProgress<JSONMessage> progress, IProgress<RunStage> stages, params string[] command) =>
        new(image, command) { Pull = PullPolicy.Always, NetworkMode = "none", PullProgress = progress, Stages = stages };

    /// <summary>
    /// The last frame the live display drew. The test console keeps what was written but not the cursor moves between
    /// frames, so each frame starts right after the previous one: the last frame starts at the last ping row.
    /// </summary>
    private static string LastFrame(TestConsole console)
    {
        var output = console.Output;
        var start = Math.Max(output.LastIndexOf("✓  ping", StringComparison.Ordinal), output.LastIndexOf("✗  ping", StringComparison.Ordinal));
        Assert.True(start >= 0, "no frame with the ping step:\n" + output);
        return string.Join('\n', output[start..].Split('\n').Select(line => line.TrimEnd()));
    }

    /// <summary>Without the image, the pull really downloads its layer, so that the row has bytes to show.</summary>
    private static async Task RemoveImage(string image)
    {
        var (client, owned) = ClientDifferences.Open(new Uri(Engine.Address));
        try
        {
            await client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
        }
        catch (Docker.DotNet.DockerImageNotFoundException)
        {
        }
        finally
        {
            client.Dispose();
            owned?.Dispose();
        }
    }

    [EngineFact]
    public async Task A_successful_run_shows_every_step_done_and_the_layer_complete()
    {
        await RemoveImage(Engine.Image);
        var console = Terminal();
        using var runner = ContainerRunner.Connect(Engine.Address);
        var display = new PullDisplay(console, TextWriter.Null, live: true);

        var result = await display.ShowAsync((progress, stages) => runner.RunAsync(Request(Engine.Image, progress, stages, "echo", "hello"), default));

        Assert.Equal("hello\n", result.Stdout);
        var frame = LastFrame(console);
        foreach (var step in new[] { "ping", "pull", "create", "start", "wait", "logs", "remove" })
        {
            Assert.Matches(@"✓  " + step + @"\s+\d+\.\ds", frame);
        }

        // The layer row: a 12-digit ID, its final status, a full bar and the bytes it moved; no step is drawn as bytes.
        Assert.Matches(@"[0-9a-f]{12}  Pull complete\s+━{24}  \d+\.\d [KM]B/\d+\.\d [KM]B", frame);
        Assert.DoesNotContain("byte", frame, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task A_corrupted_layer_shows_the_engines_text_on_its_row_and_the_pull_step_failed()
    {
        var console = Terminal();
        using var runner = ContainerRunner.Connect(Engine.Address);
        var display = new PullDisplay(console, TextWriter.Null, live: true);

        var error = await Assert.ThrowsAsync<EngineErrorException>(() =>
            display.ShowAsync((progress, stages) => runner.RunAsync(Request(Engine.BrokenImage, progress, stages, "true"), default)));

        var frame = LastFrame(console);
        Assert.Contains("✓  ping", frame, StringComparison.Ordinal);
        Assert.Matches(@"✗  pull\s+\d+\.\ds", frame);
        Assert.DoesNotContain("create", frame, StringComparison.Ordinal);
        // The failing layer's row: its ID, then the engine's own words, which name that layer's digest.
        var row = frame.Split('\n').Single(line => line.Contains("filesystem layer verification failed", StringComparison.Ordinal));
        var id = row.Trim()[..12];
        Assert.Matches("^[0-9a-f]{12}$", id);
        Assert.Contains("sha256:" + id, error.EngineMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_output_has_a_line_per_step_and_message_and_no_empty_status_lines()
    {
        var plain = new StringWriter();
        var display = new PullDisplay(Terminal(), plain, live: false);

        await display.ShowAsync<int>((progress, stages) =>
        {
            stages.Report(RunStage.Ping);
            stages.Report(RunStage.Pull);
            progress.Report(new JSONMessage { Status = "Pulling from busybox", ID = "1" });
            progress.Report(new JSONMessage { Status = "" });
            progress.Report(new JSONMessage { Status = "   " });
            progress.Report(new JSONMessage { Status = "Downloading", ID = "c9bd484538a4", Progress = new JSONProgress { Current = 2048, Total = 1048576 } });
            progress.Report(new JSONMessage { Status = "Pull complete", ID = "c9bd484538a4" });
            progress.Report(new JSONMessage { Error = new JSONError { Message = "unexpected EOF" } });
            return Task.FromResult(0);
        });

        Assert.Equal(new[]
        {
            "[ping]",
            "[pull]",
            "pull: Pulling from busybox",
            "pull: c9bd484538a4: Downloading 2.0 KB/1.0 MB",
            "pull: c9bd484538a4: Pull complete",
            "pull: error: unexpected EOF",
        }, plain.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
