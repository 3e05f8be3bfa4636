using Docker.DotNet.Models;
using PullAnalyzer.Runtime;
using Spectre.Console;

namespace PullRun;

/// <summary>
/// Shows the pull: one live progress bar per layer on a terminal (Spectre.Console, on standard error so that standard
/// output stays the command's), plain lines otherwise.
/// </summary>
internal sealed class PullDisplay
{
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public bool IsLive => !Console.IsErrorRedirected && _console.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="run"/> while showing the progress it reports.</summary>
    public async Task<T> ShowAsync<T>(Func<IProgress<JSONMessage>, IProgress<RunStage>, Task<T>> run)
    {
        if (!IsLive)
        {
            return await run(new Inline<JSONMessage>(PrintLine), new Inline<RunStage>(stage => Console.Error.WriteLine($"[{stage.ToString().ToLowerInvariant()}]")));
        }

        T result = default!;
        await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(async context =>
            {
                var layers = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var stages = context.AddTask("[grey]ping[/]", maxValue: 1);
                var progress = new Inline<JSONMessage>(message => Update(context, layers, message));
                var stageProgress = new Inline<RunStage>(stage => stages.Description = "[grey]" + stage.ToString().ToLowerInvariant() + "[/]");
                result = await run(progress, stageProgress);
                stages.Description = "[green]done[/]";
                stages.Value = 1;
            });
        return result;
    }

    private static void Update(ProgressContext context, Dictionary<string, ProgressTask> layers, JSONMessage message)
    {
        if (string.IsNullOrEmpty(message.ID) || message.Status is null || message.Status.StartsWith("Pulling from", StringComparison.Ordinal))
        {
            return;
        }

        if (!layers.TryGetValue(message.ID, out var layer))
        {
            layer = context.AddTask(Markup.Escape(message.ID), maxValue: 1);
            layers[message.ID] = layer;
        }

        layer.Description = Markup.Escape($"{message.ID} {message.Status}");
        if (message.Progress is { Total: > 0 } progress)
        {
            layer.MaxValue = progress.Total;
            layer.Value = Math.Min(progress.Current, progress.Total);
        }

        if (message.Status is "Pull complete" or "Already exists")
        {
            layer.Value = layer.MaxValue;
        }
    }

    private static void PrintLine(JSONMessage message)
    {
        var text = message.Progress is { Total: > 0 } p ? $"{message.Status} {p.Current}/{p.Total}" : message.Status;
        Console.Error.WriteLine(string.IsNullOrEmpty(message.ID) ? $"pull: {text}" : $"pull: {message.ID}: {text}");
    }

    /// <summary>A synchronous progress: Docker.DotNet calls it inline, in order.</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
