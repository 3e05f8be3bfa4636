using Docker.DotNet;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>The correct forms of samples/Showcase/RightWay.cs, executed for real: the guard must find nothing in them.</summary>
internal sealed class GuardedRightWay(IDockerClient client)
{
    public async Task Build(Stream tar, CancellationToken cancellationToken)
    {
        using var buildOutput = await client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none", ForceRemove = true }, cancellationToken);
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

    public async Task<(long ExitCode, string Stdout)> Exec(string execId, CancellationToken cancellationToken)
    {
#if DOCKER_DOTNET_ENHANCED
        using var output = await client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters(), cancellationToken);
#else
        using var output = await client.Exec.StartAndAttachContainerExecAsync(execId, false, cancellationToken);
#endif
        var (stdout, _) = await output.ReadOutputToEndAsync(cancellationToken);
        var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken);
        return ((long?)inspect.ExitCode ?? -1, stdout); // 4.x: null while the exec runs
    }

    public Task Pull(string image, string tag, IProgress<JSONMessage> progress, CancellationToken cancellationToken) =>
        client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = tag }, null, progress, cancellationToken);

    public async Task<int> PeekAtLogs(string containerId, CancellationToken cancellationToken)
    {
#if DOCKER_DOTNET_ENHANCED
        using var logs = await client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true }, cancellationToken);
#else
        using var logs = await client.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true }, cancellationToken);
#endif
        var buffer = new byte[1024];
        var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
        return first.Count;
    }

    public Task PullFailingOnEngineErrors(string image, string tag, CancellationToken cancellationToken) =>
        client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image, Tag = tag }, null, new FailOnError(), cancellationToken);

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
