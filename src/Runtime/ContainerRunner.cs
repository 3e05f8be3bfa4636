using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>
/// The whole pull → create → start → wait → logs → remove flow for one command, done the way a careful user would by
/// hand: the pull is awaited and fails on the engine's in-stream error, every step has a time limit and honours
/// cancellation, the output is read to its end before the exit code is trusted, and the container is removed on every path.
/// </summary>
public sealed class ContainerRunner : IDisposable
{
    /// <summary>The address used when DOCKER_HOST is not set.</summary>
    public const string DefaultEngineAddress = "unix:///var/run/docker.sock";

    /// <summary>The label every container of this flow carries, with a value unique to the run.</summary>
    public const string RunLabel = "pullanalyzer.run";

    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(30);

    private readonly IDockerClient _client;
    private readonly IDisposable? _owned;

    /// <summary>Connected through a guard: each run names its caller as the site of the requests it makes.</summary>
    private bool _guarded;

    /// <summary>Uses <paramref name="client"/>, which talks to <paramref name="engineAddress"/> (named in errors).</summary>
    public ContainerRunner(IDockerClient client, string engineAddress)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        EngineAddress = engineAddress ?? throw new ArgumentNullException(nameof(engineAddress));
    }

    private ContainerRunner((IDockerClient Client, IDisposable? Owned) connection, string address)
        : this(connection.Client, address)
    {
        _owned = connection.Owned;
    }

    /// <summary>The engine's address, as given or read from DOCKER_HOST.</summary>
    public string EngineAddress { get; }

    /// <summary>A runner for <paramref name="address"/>, or for DOCKER_HOST (default <see cref="DefaultEngineAddress"/>).</summary>
    /// <exception cref="ArgumentException">The address is not a URI.</exception>
    public static ContainerRunner Connect(string? address = null) => Connect(address, guard: null);

    /// <summary>A runner for <paramref name="address"/> (or DOCKER_HOST) whose traffic <paramref name="guard"/> watches,
    /// when one is given: what the flow does wrong, or what the engine reports inside a stream, is recorded there too.</summary>
    /// <exception cref="ArgumentException">The address is not a URI.</exception>
    public static ContainerRunner Connect(string? address, EngineStreamGuard? guard)
    {
        address ??= Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(address))
        {
            address = DefaultEngineAddress;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not an engine address; use a URI such as {DefaultEngineAddress} or tcp://127.0.0.1:2375.", nameof(address));
        }

        return guard is null
            ? new ContainerRunner(ClientDifferences.Open(uri), address)
            : new ContainerRunner(guard.Connect(uri), address) { _guarded = true };
    }

    /// <summary>Runs the request's command and returns how it ended.</summary>
    /// <exception cref="EngineUnreachableException">The engine does not answer at <see cref="EngineAddress"/>.</exception>
    /// <exception cref="ImageNotFoundException">The image is neither local nor in its registry.</exception>
    /// <exception cref="EngineErrorException">The pull failed inside its progress stream.</exception>
    /// <exception cref="StepTimeoutException">A step exceeded its limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Through a guard, every request of the run is named by the code that called RunAsync: read off the stack now,
        // while that code is on it (after the run's first await it no longer is, and a request would have no site or,
        // run inline, whatever frames happened to be below), and carried to the requests with the run's context.
        return _guarded ? CallSites.Within(CallSites.FromStack(dockerMethod: null), () => RunCoreAsync(request, cancellationToken)) : RunCoreAsync(request, cancellationToken);
    }

    private async Task<ContainerRunResult> RunCoreAsync(ContainerRunRequest request, CancellationToken cancellationToken)
    {
        await Step(request, RunStage.Ping, "ping", request.StepTimeout, token => _client.System.PingAsync(token), cancellationToken).ConfigureAwait(false);
        var pulled = await PullIfNeededAsync(request, cancellationToken).ConfigureAwait(false);

        string? containerId = null;
        try
        {
            var created = await Step(request, RunStage.Create, "create", request.StepTimeout, token => _client.Containers.CreateContainerAsync(
                new CreateContainerParameters
                {
                    Image = request.Image,
                    // No command: the image's own. (4.x annotates Cmd as non-null, but the engine reads an absent Cmd as the default.)
                    Cmd = request.Command.Count > 0 ? request.Command.ToList() : null!,
                    Labels = Labels(request),
                    HostConfig = new HostConfig { NetworkMode = request.NetworkMode! },
                    AttachStdout = true,
                    AttachStderr = true,
                }, token), cancellationToken).ConfigureAwait(false);
            containerId = created.ID;

            await Step(request, RunStage.Start, "start", request.StepTimeout,
                token => _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), token), cancellationToken).ConfigureAwait(false);
            var exit = await Step(request, RunStage.Wait, "run", request.RunTimeout,
                token => _client.Containers.WaitContainerAsync(containerId, token), cancellationToken).ConfigureAwait(false);
            var (stdout, stderr) = await Step(request, RunStage.Logs, "logs", request.StepTimeout, async token =>
            {
                using var logs = await ClientDifferences.GetLogsAsync(_client, containerId,
                    new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, token).ConfigureAwait(false);
                return await logs.ReadOutputToEndAsync(token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

            var result = new ContainerRunResult(exit.StatusCode, stdout, stderr, containerId, pulled);
            await RemoveAsync(request, containerId).ConfigureAwait(false);
            containerId = null;
            return result;
        }
        finally
        {
            if (containerId is not null)
            {
                // A failure or cancellation is already on its way; a failed removal must not hide it.
                try
                {
                    await RemoveAsync(request, containerId).ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            }
        }
    }

    private async Task<bool> PullIfNeededAsync(ContainerRunRequest request, CancellationToken cancellationToken)
    {
        if (request.Pull != PullPolicy.Always && await HasImageAsync(request, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (request.Pull == PullPolicy.Never)
        {
            throw new ImageNotFoundException(request.Image, "the engine does not have it, and the pull policy is Never");
        }

        var (name, tag) = SplitReference(request.Image);
        var progress = new FailOnErrorProgress("pull of " + request.Image, request.PullProgress);
        await Step(request, RunStage.Pull, "pull", request.PullTimeout,
            token => _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, request.Auth, progress, token),
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> HasImageAsync(ContainerRunRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await Step(request, null, "image inspect", request.StepTimeout,
                token => _client.Images.InspectImageAsync(request.Image, token), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ImageNotFoundException)
        {
            return false;
        }
    }

    private async Task RemoveAsync(ContainerRunRequest request, string containerId)
    {
        request.Stages?.Report(RunStage.Remove);
        // Removal runs even after the caller cancelled: its own limit keeps it from hanging.
        using var limit = new CancellationTokenSource(RemoveTimeout);
        await _client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, limit.Token).ConfigureAwait(false);
    }

    private Task Step(ContainerRunRequest request, RunStage? stage, string name, TimeSpan limit, Func<CancellationToken, Task> action,
        CancellationToken cancellationToken) =>
        Step<bool>(request, stage, name, limit, async token =>
        {
            await action(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Runs one step under its limit and turns transport and engine failures into specific exceptions.</summary>
    private async Task<T> Step<T>(ContainerRunRequest request, RunStage? stage, string name, TimeSpan limit, Func<CancellationToken, Task<T>> action,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (stage is { } reported)
        {
            request.Stages?.Report(reported);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await action(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw name == "ping"
                ? new EngineUnreachableException(EngineAddress, $"no answer within {limit.TotalSeconds:0.#} s", exception)
                : new StepTimeoutException(name, limit, exception);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The {name} was cancelled.", cancellationToken);
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound && (name is "pull" or "image inspect" or "create"))
        {
            throw new ImageNotFoundException(request.Image, SecretRedactor.Redact(EngineText(exception), request.Auth));
        }
        catch (EngineErrorException exception)
        {
            throw new EngineErrorException(exception.Operation, SecretRedactor.Redact(exception.EngineMessage, request.Auth), exception.Code);
        }
        catch (Exception exception) when (IsTransportFailure(exception))
        {
            throw new EngineUnreachableException(EngineAddress, Reason(exception));
        }
    }

    private static Dictionary<string, string> Labels(ContainerRunRequest request)
    {
        var labels = request.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(request.Labels);
        if (!labels.ContainsKey(RunLabel))
        {
            labels[RunLabel] = Guid.NewGuid().ToString("N");
        }

        return labels;
    }

    /// <summary>Splits <c>registry:5000/name:tag</c> into name and tag; a digest or a missing tag keeps the name whole.</summary>
    internal static (string Name, string? Tag) SplitReference(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, null);
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image.Substring(0, colon), image.Substring(colon + 1)) : (image, "latest");
    }

    /// <summary>The engine's <c>message</c> from a JSON error body, or the body itself.</summary>
    private static string EngineText(DockerApiException exception)
    {
        var body = exception.ResponseBody ?? string.Empty;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text)
            {
                return text;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return body.Trim();
    }

    private static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or SocketException or IOException
        || exception.InnerException is HttpRequestException or SocketException or IOException;

    private static string Reason(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.AddressNotAvailable or SocketError.ConnectionRefused => "connection refused",
                    _ => socket.Message,
                };
            }
        }

        return exception.Message;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        (_client as IDisposable)?.Dispose();
        _owned?.Dispose();
    }
}
