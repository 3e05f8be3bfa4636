using Docker.DotNet.Models;
using PullAnalyzer.Runtime;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PullRun;

/// <summary>
/// Shows the flow as it runs, on standard error so that standard output stays the command's. On a terminal: one status
/// line per step (a spinner and the elapsed time while it runs, a tick and its duration once done) and one row per
/// image layer with its status, a bar and the bytes, redrawn live like the Docker CLI's; when the pull fails, the failing
/// layer's row carries the engine's text. Elsewhere: plain lines, one per step and per meaningful progress message.
/// </summary>
internal sealed class PullDisplay
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private readonly TextWriter _plain;

    /// <summary>The display of a real run: live when standard error is an interactive terminal.</summary>
    public PullDisplay()
        : this(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), Console.Error, live: null)
    {
    }

    /// <param name="console">Where the live display is drawn.</param>
    /// <param name="plain">Where plain lines go when the display is not live.</param>
    /// <param name="live">Live or plain; null decides from the console (interactive, and standard error not redirected).</param>
    internal PullDisplay(IAnsiConsole console, TextWriter plain, bool? live)
    {
        _console = console;
        _plain = plain;
        _live = live ?? (!Console.IsErrorRedirected && console.Profile.Capabilities.Interactive);
    }

    /// <summary>Runs <paramref name="run"/> while showing the progress and the steps it reports.</summary>
    public async Task<T> ShowAsync<T>(Func<IProgress<JSONMessage>, IProgress<RunStage>, Task<T>> run)
    {
        var view = new RunView(TimeProvider.System);
        if (!_live)
        {
            return await run(
                new Inline<JSONMessage>(message => { if (view.Apply(message) is { } line) _plain.WriteLine(line); }),
                new Inline<RunStage>(stage => _plain.WriteLine(view.Begin(stage))));
        }

        T result = default!;
        await _console.Live(view.Render()).AutoClear(false).StartAsync(async context =>
        {
            void Redraw()
            {
                lock (view)
                {
                    context.UpdateTarget(view.Render());
                }
            }

            using var stop = new CancellationTokenSource();
            // Spinners turn and elapsed times count between messages too.
            var ticker = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(Tick, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    Redraw();
                }
            });
            try
            {
                result = await run(
                    new Inline<JSONMessage>(message => { lock (view) view.Apply(message); Redraw(); }),
                    new Inline<RunStage>(stage => { lock (view) view.Begin(stage); Redraw(); }));
                lock (view) view.Finish(failed: false);
            }
            catch
            {
                lock (view) view.Finish(failed: true);
                throw;
            }
            finally
            {
                stop.Cancel();
                await ticker;
                Redraw();
            }
        });
        return result;
    }

    /// <summary>A synchronous progress: Docker.DotNet calls it inline, in order.</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>What the display shows, apart from how: the steps so far and the layers of the pull.</summary>
internal sealed class RunView(TimeProvider clock)
{
    private static readonly string[] Spinner = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };

    private readonly List<Step> _steps = new();
    private readonly List<Layer> _layers = new();

    private sealed class Step(RunStage stage, long started)
    {
        public RunStage Stage { get; } = stage;
        public long Started { get; } = started;
        public long? Ended { get; set; }
        public bool Failed { get; set; }
        public string Name => Stage.ToString().ToLowerInvariant();
    }

    private sealed class Layer(string id)
    {
        public string Id { get; } = id;
        public string Status { get; set; } = string.Empty;
        public long Current { get; set; }
        public long Total { get; set; }
        public string? Error { get; set; }
        public bool Complete => Status is "Pull complete" or "Already exists";
    }

    /// <summary>A step begins (and the one before it ends); the plain line for it.</summary>
    public string Begin(RunStage stage)
    {
        var now = clock.GetTimestamp();
        EndCurrent(now, failed: false);
        _steps.Add(new Step(stage, now));
        return $"[{stage.ToString().ToLowerInvariant()}]";
    }

    /// <summary>The run ended: the running step ends with it, failed or not.</summary>
    public void Finish(bool failed)
    {
        EndCurrent(clock.GetTimestamp(), failed);
    }

    /// <summary>Takes one pull message; the plain line for it, or null when it says nothing worth a line.</summary>
    public string? Apply(JSONMessage message)
    {
        var error = message.Error?.Message;
        if (!string.IsNullOrEmpty(error))
        {
            // The engine's error names no layer; its text names the failing blob's digest, whose first 12 digits are
            // the layer's ID. Without one, the layer that was still in progress is the one that failed.
            var failing = _layers.FirstOrDefault(layer => error.Contains(layer.Id, StringComparison.Ordinal))
                ?? _layers.LastOrDefault(layer => !layer.Complete);
            if (failing is not null)
            {
                failing.Error = error;
                return $"pull: {failing.Id}: error: {error}";
            }

            return "pull: error: " + error;
        }

        var status = message.Status?.Trim();
        if (string.IsNullOrEmpty(status))
        {
            return null;
        }

        if (string.IsNullOrEmpty(message.ID) || status.StartsWith("Pulling from", StringComparison.Ordinal))
        {
            return "pull: " + status;
        }

        var layer = _layers.Find(l => l.Id == message.ID);
        if (layer is null)
        {
            layer = new Layer(message.ID);
            _layers.Add(layer);
        }

        layer.Status = status;
        if (message.Progress is { Total: > 0 } progress)
        {
            layer.Total = (long)progress.Total;
            // Current is a long in 3.x and a long? in 4.x.
            layer.Current = Math.Min(progress.Current is { } current ? (long)current : 0, layer.Total);
            return $"pull: {layer.Id}: {status} {Bytes(layer.Current)}/{Bytes(layer.Total)}";
        }

        if (layer.Complete)
        {
            layer.Current = layer.Total;
        }

        return $"pull: {layer.Id}: {status}";
    }

    /// <summary>The live display: the steps, then the layers.</summary>
    public IRenderable Render()
    {
        var now = clock.GetTimestamp();
        var steps = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap().RightAligned());
        foreach (var step in _steps)
        {
            var elapsed = clock.GetElapsedTime(step.Started, step.Ended ?? now);
            var mark = step.Ended is null
                ? "[yellow]" + Spinner[(int)(elapsed.TotalMilliseconds / 100) % Spinner.Length] + "[/]"
                : step.Failed ? "[red]✗[/]" : "[green]✓[/]";
            steps.AddRow(new Markup(mark), new Markup(step.Name), new Markup($"[grey]{elapsed.TotalSeconds:0.0}s[/]"));
        }

        if (_layers.Count == 0)
        {
            return steps;
        }

        // One line per layer, laid out by hand: a grid would squeeze the ID column to make room for a long error text.
        var statusWidth = _layers.Max(layer => layer.Error is null ? layer.Status.Length : 0);
        var lines = new List<IRenderable> { steps };
        foreach (var layer in _layers)
        {
            var id = Markup.Escape(layer.Id);
            if (layer.Error is not null)
            {
                lines.Add(new Markup($"[red]{id}  {Markup.Escape(layer.Error)}[/]"));
                continue;
            }

            var bytes = layer.Total > 0 ? $"  {Bytes(layer.Current)}/{Bytes(layer.Total)}" : string.Empty;
            lines.Add(new Markup($"{id}  {Markup.Escape(layer.Status.PadRight(statusWidth))}  {Bar(layer.Complete ? 1 : layer.Total > 0 ? (double)layer.Current / layer.Total : 0)}{bytes}"));
        }

        return new Rows(lines);
    }

    private static string Bar(double done)
    {
        const int width = 24;
        var filled = (int)Math.Round(Math.Clamp(done, 0, 1) * width);
        // Two glyphs as well as two colours: the bar reads right on a terminal without colour too.
        return $"[green]{new string('━', filled)}[/][grey]{new string('─', width - filled)}[/]";
    }

    private void EndCurrent(long now, bool failed)
    {
        if (_steps.Count > 0 && _steps[^1] is { Ended: null } running)
        {
            running.Ended = now;
            running.Failed = failed;
        }
    }

    internal static string Bytes(long count) => count switch
    {
        < 1024 => $"{count} B",
        < 1024 * 1024 => $"{count / 1024.0:0.0} KB",
        < 1024L * 1024 * 1024 => $"{count / (1024.0 * 1024):0.0} MB",
        _ => $"{count / (1024.0 * 1024 * 1024):0.00} GB",
    };
}
