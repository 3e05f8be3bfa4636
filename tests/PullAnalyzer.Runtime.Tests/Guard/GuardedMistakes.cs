using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>
/// The mistakes of samples/Showcase/Mistakes.cs, executed for real against the engine (each as its client spells the
/// call). Each notes the line of its Docker call in <see cref="Line"/> (the statement that makes the call is on the same
/// line), which the guard must name as the violation's site. The Docker calls stay inline here, not in a helper: the site
/// is the first frame outside Docker.DotNet and the runtime.
/// </summary>
internal sealed class GuardedMistakes(IDockerClient client)
{
    /// <summary>The line of the Docker call the last mistake made.</summary>
    public int Line { get; private set; }

    public static string File => Source();

    /// <summary>PULL001: the build's stream is thrown away.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task BuildAndForget(Stream tar, string tag)
    {
        Line = Here(); await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Labels = BuildContexts.Labels, Tags = new[] { tag }, NetworkMode = "none", ForceRemove = true });
    }

    /// <summary>PULL002: an empty using disposes the build stream unread.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task BuildInEmptyUsing(Stream tar)
    {
        Line = Here(); using (var unused = await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none", ForceRemove = true }))
        {
        }
    }

    /// <summary>PULL002: the exec's exit code is read before its output ended. Returns the line of the inspection.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<int> ExecExitCodeTooEarly(string execId)
    {
#if DOCKER_DOTNET_ENHANCED
        Line = Here(); using var output = await client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters());
#else
        Line = Here(); using var output = await client.Exec.StartAndAttachContainerExecAsync(execId, false);
#endif
        var inspectLine = Here(); var inspect = await client.Exec.InspectContainerExecAsync(execId);
        GC.KeepAlive(inspect.ExitCode);
        return inspectLine;
    }

    /// <summary>PULL003: the pull is started and not awaited.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void PullWithoutAwait(string image, string tag, IProgress<JSONMessage> progress)
    {
#pragma warning disable PULL003 // the mistake itself
        Line = Here(); client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = tag }, null, progress);
#pragma warning restore PULL003
    }

    /// <summary>PULL004: the logs stream is read in part and never disposed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<int> PeekAtLogs(string containerId)
    {
#if DOCKER_DOTNET_ENHANCED
        Line = Here(); var logs = await client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true });
#else
        Line = Here(); var logs = await client.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true });
#endif
        var buffer = new byte[1024];
        var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
        return first.Count;
    }

    /// <summary>PULL005: System.Progress runs its handler later, elsewhere.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task PullWithPostedProgress(string image, string tag)
    {
        Line = Here(); await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = tag }, null, new Progress<JSONMessage>(m => Console.WriteLine(m.Status)));
    }

    /// <summary>PULL005: a progress of the user's whose Report never reads the error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task PullWithProgressIgnoringErrors(string image, string tag, List<string?> statuses)
    {
        Line = Here(); await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = tag }, null, new StatusOnly(statuses));
    }

    private static int Here([CallerLineNumber] int line = 0) => line;

    private static string Source([CallerFilePath] string path = "") => path;

    private sealed class StatusOnly(List<string?> statuses) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            lock (statuses)
            {
                statuses.Add(value.Status);
            }
        }
    }
}
