using System.Text;
using System.Text.Json;

namespace PullAnalyzer.Runtime;

/// <summary>
/// The guard's place in a client's HTTP pipeline, just above the transport. For each request it finds the user's call
/// (synchronously, before the first await, while the caller is still on the stack), reports a request that depends on
/// an unfinished job, opens a <see cref="JobRecord"/> for a streamed response and puts an <see cref="ObservedContent"/>
/// in place of the engine's content. Hijacked responses (exec start, attach) pass untouched: the client's transport
/// insists on its own content type for them, so the guard follows those streams where the client lets it wrap the
/// hijacked stream (see <see cref="ClientDifferences"/>). Its own failures are recorded, never thrown: the request goes
/// on as it would without the guard.
/// </summary>
internal sealed class GuardHandler : DelegatingHandler
{
    private readonly EngineStreamGuard _guard;

    public GuardHandler(EngineStreamGuard guard, HttpMessageHandler inner)
        : base(inner)
    {
        _guard = guard;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EngineRequest? classified = null;
        CallOrigin? origin = null;
        try
        {
            if (request.RequestUri is { } uri && !_guard.IsDisposed)
            {
                classified = EngineEndpoints.Classify(request.Method, uri);
                if (classified.Shape != StreamShape.None || classified.NeedsImage || classified.InspectsExec || classified.Pushes is not null)
                {
                    origin = CallSites.Capture();
                }
            }
        }
        catch (Exception exception)
        {
            _guard.Fault(exception, request.Method + " " + request.RequestUri?.AbsolutePath);
            classified = null;
        }

        return classified is null || origin is null
            ? base.SendAsync(request, cancellationToken)
            : SendObservedAsync(request, classified, origin, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendObservedAsync(HttpRequestMessage request, EngineRequest classified, CallOrigin origin,
        CancellationToken cancellationToken)
    {
        JobRecord? record = null;
        try
        {
            await CheckDependenciesAsync(request, classified, origin, cancellationToken).ConfigureAwait(false);
            if (classified.Shape != StreamShape.None && (!classified.IsHijacked || ClientDifferences.GuardFollowsHijackedStreams))
            {
                // Opened before the request is sent, so that a request made right after it (a create after an
                // unawaited pull) already sees the job as running.
                record = _guard.Open(classified, origin, RegistrySecrets(request));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _guard.Fault(exception, classified.Endpoint);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            record?.Closed();
            throw;
        }

        if (record is null)
        {
            return response;
        }

        try
        {
            // A hijacked stream is answered 101 Switching Protocols (or 200 by older engines); an error status has no stream.
            if (!(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.SwitchingProtocols) || response.Content is null)
            {
                record.Closed();
            }
            else if (classified.IsHijacked)
            {
                record.Opened();
                _guard.AwaitHijack(response.Content, record);
            }
            else
            {
                record.Opened();
                response.Content = new ObservedContent(response.Content, new StreamObserver(record));
            }
        }
        catch (Exception exception)
        {
            record.Fault(exception);
        }

        return response;
    }

    /// <summary>Reports the request when it depends on a job of this guard whose stream is still open.</summary>
    private async Task CheckDependenciesAsync(HttpRequestMessage request, EngineRequest classified, CallOrigin origin, CancellationToken cancellationToken)
    {
        if (classified.NeedsImage && request.Content is { } content)
        {
            // The create's body is Docker.DotNet's JSON string content, buffered: reading it does not consume it.
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
            if (EngineEndpoints.ImageOfCreate(await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) is { } image)
            {
                _guard.ReportUnfinished(job => job.Request.Produces.Contains(image), classified.Endpoint, origin.Site,
                    job => $"a container was created from {image} while its {job.Request.Job} was still running: the image may not exist yet (\"No such image\"), and a failure of the {job.Request.Job} goes unseen");
            }
        }
        else if (classified.InspectsExec)
        {
            _guard.ReportUnfinished(job => job.Request.Shape == StreamShape.HijackedCompletion && job.Request.ExecId == classified.ExecId,
                classified.Endpoint, origin.Site,
                _ => "the exec was inspected while its output stream was still open: the exec may still be running, and its exit code is not final");
        }
        else if (classified.Pushes is { } pushed)
        {
            _guard.ReportUnfinished(job => job.Request.Job == "build" && job.Request.Produces.Contains(pushed), classified.Endpoint, origin.Site,
                _ => $"{pushed} was pushed while its build was still running: the registry gets the previous image, or none");
        }
    }

    /// <summary>The secrets of the <c>X-Registry-Auth</c> header (base64 JSON of an AuthConfig), kept out of every message.</summary>
    private static IReadOnlyList<string> RegistrySecrets(HttpRequestMessage request)
    {
        if (!request.Headers.TryGetValues("X-Registry-Auth", out var values))
        {
            return Array.Empty<string>();
        }

        var secrets = new List<string>();
        foreach (var value in values)
        {
            try
            {
                var padded = value.Replace('-', '+').Replace('_', '/');
                padded = padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=');
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name.ToLowerInvariant() is "password" or "auth" or "identitytoken" or "registrytoken"
                        && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } secret)
                    {
                        secrets.Add(secret);
                    }
                }
            }
            catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
            {
                // Not the header Docker.DotNet writes: nothing to keep out.
            }
        }

        return secrets;
    }
}
