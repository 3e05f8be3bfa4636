using Docker.DotNet;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>
/// Everything in which Docker.DotNet 3.x and Docker.DotNet.Enhanced 4.x differ for the runtime helper, in one file: the
/// rest of the sources compile unchanged against either (PullAnalyzer.Runtime and PullAnalyzer.Runtime.Enhanced).
/// <list type="bullet">
/// <item>Making a client: 3.x from a <c>DockerClientConfiguration</c>, which owns the transport and is disposed with the
/// client; 4.x from a <c>DockerClientBuilder</c>, which picks the transport by the endpoint's scheme.</item>
/// <item>Container logs: 3.x takes a <c>tty</c> flag, 4.x does not.</item>
/// <item><c>JSONMessage</c>: 3.x also carries the error text as <c>ErrorMessage</c> (and <c>From</c>,
/// <c>ProgressMessage</c>); 4.x has only <c>Error</c>.</item>
/// </list>
/// </summary>
internal static partial class ClientDifferences
{
    /// <summary>A client for <paramref name="endpoint"/>, and what must be disposed with it besides the client itself.</summary>
    public static (IDockerClient Client, IDisposable? Owned) Open(Uri endpoint)
    {
#if DOCKER_DOTNET_ENHANCED
        return (new DockerClientBuilder().WithEndpoint(endpoint).Build(), null);
#else
        var configuration = new DockerClientConfiguration(endpoint);
        return (configuration.CreateClient(), configuration);
#endif
    }

    /// <summary>The logs of a container that was created without a TTY (stdout and stderr apart).</summary>
    public static Task<MultiplexedStream> GetLogsAsync(IDockerClient client, string containerId, ContainerLogsParameters parameters,
        CancellationToken cancellationToken) =>
#if DOCKER_DOTNET_ENHANCED
        client.Containers.GetContainerLogsAsync(containerId, parameters, cancellationToken);
#else
        client.Containers.GetContainerLogsAsync(containerId, false, parameters, cancellationToken);
#endif

    /// <summary>The error text 3.x keeps apart from <c>Error</c>; null in 4.x, which has only <c>Error</c>.</summary>
    public static string? LegacyErrorText(JSONMessage message) =>
#if DOCKER_DOTNET_ENHANCED
        null;
#else
        message.ErrorMessage;
#endif

    /// <summary>Sets the fields only 3.x has (<c>from</c>, <c>progress</c>, <c>error</c> of the engine's JSON).</summary>
    public static void SetLegacyFields(JSONMessage message, string? from, string? progress, string? error)
    {
#if !DOCKER_DOTNET_ENHANCED
        message.From = from;
        message.ProgressMessage = progress;
        message.ErrorMessage = error;
#endif
    }
}
