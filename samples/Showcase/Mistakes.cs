using Docker.DotNet;
using Docker.DotNet.Models;

namespace Showcase;

/// <summary>Each method makes one mistake PullAnalyzer reports; the rule is named on the line.</summary>
internal sealed class Mistakes(IDockerClient client)
{
    /// <summary>PULL001: the build's progress stream is thrown away, so the build may still be running (or have failed).</summary>
    public async Task BuildAndForget(Stream tar)
    {
        await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Tags = new[] { "app:1" } }); // PULL001
    }

    /// <summary>PULL002: an empty using disposes the build stream unread, which cancels the build on the engine.</summary>
    public async Task BuildInEmptyUsing(Stream tar)
    {
        using (var unused = await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters())) // PULL002
        {
        }
    }

    /// <summary>PULL002: the exec's exit code is read before its output ended: a race.</summary>
    public async Task<long> ExecExitCodeTooEarly(string execId)
    {
        using var output = await client.Exec.StartAndAttachContainerExecAsync(execId, false); // PULL002
        var inspect = await client.Exec.InspectContainerExecAsync(execId);
        return inspect.ExitCode;
    }

    /// <summary>PULL003: the pull is started and not awaited; the next CreateContainerAsync fails with "No such image".</summary>
    public void PullWithoutAwait(IProgress<JSONMessage> progress)
    {
        client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, progress); // PULL003
    }

    /// <summary>PULL004: the logs stream is read in part and never disposed: the engine connection leaks.</summary>
    public async Task<int> PeekAtLogs(string containerId)
    {
        var logs = await client.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true }); // PULL004
        var buffer = new byte[1024];
        var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
        return first.Count;
    }

    /// <summary>PULL005: System.Progress runs its handler later, elsewhere: a failed pull still "succeeds" here.</summary>
    public async Task PullWithPostedProgress()
    {
        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, new Progress<JSONMessage>(m => Console.WriteLine(m.Status))); // PULL005
    }
}
