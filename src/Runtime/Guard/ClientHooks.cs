using Docker.DotNet;
#if DOCKER_DOTNET_ENHANCED
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
#endif

namespace PullAnalyzer.Runtime;

/// <summary>
/// Where the guard enters each client (docs/design.md §6). Docker.DotNet 3.x: the <c>Credentials</c> of a
/// <c>DockerClientConfiguration</c>, whose <c>GetHandler</c> wraps the handler of every transport; hijacked streams
/// (exec start, attach) must keep the library's internal content there, so 3.x exec and attach streams are not
/// followed. Docker.DotNet.Enhanced 4.x: the transport factory, which makes the handler and also hijacks every exec
/// and attach stream, so those are followed too.
/// </summary>
internal static partial class ClientDifferences
{
#if DOCKER_DOTNET_ENHANCED
    /// <summary>4.x hands every hijacked stream to the transport factory, which the guard wraps.</summary>
    public static bool GuardFollowsHijackedStreams => true;

    /// <summary>A client whose transport factory is the guard's, for <paramref name="endpoint"/>.</summary>
    public static IDockerClient OpenGuarded(Uri endpoint, EngineStreamGuard guard) => guard.CreateBuilder().WithEndpoint(endpoint).Build();
#else
    /// <summary>3.x insists on its own response content for hijacked streams: no wrapper can stand in between.</summary>
    public static bool GuardFollowsHijackedStreams => false;

    /// <summary>A client whose credentials are the guard's (anonymous inside), for <paramref name="endpoint"/>; disposing
    /// the client disposes its configuration.</summary>
    public static IDockerClient OpenGuarded(Uri endpoint, EngineStreamGuard guard) =>
        new DockerClientConfiguration(endpoint, guard.Observe()).CreateClient();
#endif
}

public sealed partial class EngineStreamGuard
{
#if DOCKER_DOTNET_ENHANCED
    /// <summary>A <see cref="DockerClientBuilder"/> whose clients this guard watches, whatever transport the endpoint's
    /// scheme picks: <c>guard.CreateBuilder().WithEndpoint(uri).WithAuthProvider(auth).Build()</c>. (A builder turned
    /// into a transport-specific one by <c>WithTransportOptions</c> no longer is; use <see cref="Observe{T}"/> there.)</summary>
    public DockerClientBuilder CreateBuilder() => new GuardedClientBuilder(this);

    /// <summary>The transport factory <paramref name="factory"/>, watched by this guard:
    /// <c>builder.WithTransportOptions(guard.Observe(Unix.DockerHandlerFactory.Instance), options)</c>.</summary>
    public IDockerHandlerFactory<TTransportOptions> Observe<TTransportOptions>(IDockerHandlerFactory<TTransportOptions> factory) =>
        new GuardedHandlerFactory<TTransportOptions>(this, factory ?? throw new ArgumentNullException(nameof(factory)));

    private sealed class GuardedClientBuilder(EngineStreamGuard guard) : DockerClientBuilder
    {
        protected override IDockerHandlerFactory ResolveTransportFactory(string scheme) =>
            new GuardedHandlerFactory(guard, base.ResolveTransportFactory(scheme));
    }

    /// <summary>Puts the guard's handler above the transport's, and wraps each stream the transport hijacks.</summary>
    private class GuardedHandlerFactory(EngineStreamGuard guard, IDockerHandlerFactory inner) : IDockerHandlerFactory
    {
        public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
            Guarded(inner.CreateHandler(clientOptions, logger));

        public async Task<WriteClosableStream> HijackStreamAsync(HttpContent content)
        {
            var stream = await inner.HijackStreamAsync(content).ConfigureAwait(false);
            return guard.TakeHijack(content) is { } record ? new ObservedHijackedStream(stream, new StreamObserver(record)) : stream;
        }

        protected ResolvedTransport Guarded(ResolvedTransport transport) =>
            transport with { Handler = new GuardHandler(guard, transport.Handler) };
    }

    private sealed class GuardedHandlerFactory<TTransportOptions>(EngineStreamGuard guard, IDockerHandlerFactory<TTransportOptions> inner)
        : GuardedHandlerFactory(guard, inner), IDockerHandlerFactory<TTransportOptions>
    {
        public ResolvedTransport CreateHandler(TTransportOptions transportOptions, ResolvedClientOptions clientOptions, ILogger logger) =>
            Guarded(inner.CreateHandler(transportOptions, clientOptions, logger));
    }

    /// <summary>A hijacked exec or attach stream, read through an <see cref="ObservedStream"/>; closing the write side
    /// (the process's stdin) goes to the transport's stream.</summary>
    private sealed class ObservedHijackedStream(WriteClosableStream raw, StreamObserver observer) : WriteClosableStream
    {
        private readonly ObservedStream _observed = new(raw, observer);

        public override bool CanCloseWrite => raw.CanCloseWrite;

        public override void CloseWrite() => raw.CloseWrite();

        public override bool CanRead => _observed.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => _observed.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _observed.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _observed.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _observed.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _observed.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _observed.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _observed.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _observed.WriteAsync(buffer, cancellationToken);

        public override void Flush() => _observed.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _observed.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _observed.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => _observed.DisposeAsync();
    }
#else
    /// <summary>
    /// The credentials to give <c>DockerClientConfiguration</c> so that this guard watches its clients:
    /// <c>new DockerClientConfiguration(uri, guard.Observe(new BasicAuthCredentials(user, password)))</c>. The given
    /// credentials make their handler first (certificate credentials need the transport's own handler), and the guard
    /// wraps it. Exec and attach streams are not followed on this client (see <see cref="ClientDifferences"/>).
    /// </summary>
    public Credentials Observe(Credentials? credentials = null) => new GuardedCredentials(this, credentials ?? new AnonymousCredentials());

    private sealed class GuardedCredentials(EngineStreamGuard guard, Credentials inner) : Credentials
    {
        public override bool IsTlsCredentials() => inner.IsTlsCredentials();

        public override HttpMessageHandler GetHandler(HttpMessageHandler innerHandler) => new GuardHandler(guard, inner.GetHandler(innerHandler));

        public override void Dispose() => inner.Dispose();
    }
#endif
}
