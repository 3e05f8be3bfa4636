using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>When the flow pulls the image.</summary>
public enum PullPolicy
{
    /// <summary>Only when the engine does not have the image.</summary>
    Missing,
    /// <summary>Every time.</summary>
    Always,
    /// <summary>Never; a missing image is an <see cref="ImageNotFoundException"/>.</summary>
    Never,
}

/// <summary>The stages of the flow, reported as they begin.</summary>
public enum RunStage
{
    /// <summary>Asking whether the engine answers.</summary>
    Ping,
    /// <summary>Pulling the image.</summary>
    Pull,
    /// <summary>Creating the container.</summary>
    Create,
    /// <summary>Starting it.</summary>
    Start,
    /// <summary>Waiting for its command to end.</summary>
    Wait,
    /// <summary>Reading its output.</summary>
    Logs,
    /// <summary>Removing it.</summary>
    Remove,
}

/// <summary>What to run: an image and a command, with the limits of each step.</summary>
public sealed class ContainerRunRequest
{
    /// <summary>Creates a request for <paramref name="image"/> running <paramref name="command"/> (the image's default when empty).</summary>
    public ContainerRunRequest(string image, params string[] command)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new ArgumentException("An image reference is required.", nameof(image));
        }

        Image = image;
        Command = command ?? Array.Empty<string>();
    }

    /// <summary>The image reference, e.g. <c>127.0.0.1:5000/busybox:1</c>.</summary>
    public string Image { get; }

    /// <summary>The command and its arguments.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>When to pull.</summary>
    public PullPolicy Pull { get; init; } = PullPolicy.Missing;

    /// <summary>Registry credentials for the pull; never written to any message.</summary>
    public AuthConfig? Auth { get; init; }

    /// <summary>The container's network mode (null: the engine's default).</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Receives every pull progress message.</summary>
    public IProgress<JSONMessage>? PullProgress { get; init; }

    /// <summary>Receives each stage as it begins.</summary>
    public IProgress<RunStage>? Stages { get; init; }

    /// <summary>Limit of the pull.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Limit of the command's run (start to exit).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Limit of each other step: ping, create, start, logs, remove.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Labels put on the container (the flow adds <c>pullanalyzer.run</c>).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>How the command ended.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Stdout">Everything it wrote to standard output.</param>
/// <param name="Stderr">Everything it wrote to standard error.</param>
/// <param name="ContainerId">The container it ran in (already removed).</param>
/// <param name="Pulled">Whether the image was pulled.</param>
public sealed record ContainerRunResult(long ExitCode, string Stdout, string Stderr, string ContainerId, bool Pulled);
