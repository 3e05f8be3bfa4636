using Docker.DotNet;
using Docker.DotNet.Models;

namespace Showcase;

/// <summary>The same jobs done right: nothing here is reported.</summary>
internal sealed class RightWay(IDockerClient client)
{
    /// <summary>Reads the build output to its end and fails on the engine's in-stream error.</summary>
    public async Task Build(Stream tar, CancellationToken cancellationToken)
    {
        using var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Tags = new[] { "app:1" } }, cancellationToken);
        using var reader = new StreamReader(buildOutput);
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) != null)
        {
            if (line.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The build failed: " + line);
            }
        }
    }

    /// <summary>Reads the exec's output to its end, then inspects its exit code.</summary>
    public async Task<long> Exec(string execId, CancellationToken cancellationToken)
    {
        using var output = await client.Exec.StartAndAttachContainerExecAsync(execId, false, cancellationToken);
        var (stdout, stderr) = await output.ReadOutputToEndAsync(cancellationToken);
        Console.Write(stdout);
        Console.Error.Write(stderr);
        var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken);
        return inspect.ExitCode;
    }

    /// <summary>Awaits the pull before anything uses the image.</summary>
    public Task Pull(IProgress<JSONMessage> progress, CancellationToken cancellationToken) =>
        client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, progress, cancellationToken);

    /// <summary>Disposes the logs stream after reading what it needs.</summary>
    public async Task<int> PeekAtLogs(string containerId, CancellationToken cancellationToken)
    {
        using var logs = await client.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true }, cancellationToken);
        var buffer = new byte[1024];
        var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
        return first.Count;
    }

    /// <summary>A synchronous progress that fails the pull on the engine's in-stream error.</summary>
    public Task PullFailingOnEngineErrors(CancellationToken cancellationToken) =>
        client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, new FailOnError(), cancellationToken);

    private sealed class FailOnError : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrEmpty(value.Error?.Message))
            {
                throw new InvalidOperationException("The pull failed: " + value.Error.Message);
            }
        }
    }
}
