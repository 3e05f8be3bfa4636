using System.Net;
using System.Net.Sockets;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>
/// A loopback relay in front of a registry of eng/engine.sh that holds every connection the engine opens until
/// <see cref="Release"/>: a pull through it cannot end (nor fail) before the test says so, whatever the machine's load.
/// The engine treats every 127.0.0.0/8 registry as insecure, so it pulls from the relay's port over plain HTTP as it does
/// from the registry's own.
/// </summary>
internal sealed class HeldRegistry : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = new();

    public HeldRegistry(string upstream)
    {
        _upstreamPort = int.Parse(upstream[(upstream.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The relay's address, to name images by: <c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Lets the held connections and every later one through to the registry.</summary>
    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var engine = await _listener.AcceptTcpClientAsync(_stop.Token);
                Keep(engine);
                _ = RelayAsync(engine);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    private async Task RelayAsync(TcpClient engine)
    {
        try
        {
            await _released.Task.WaitAsync(_stop.Token);
            var registry = Keep(new TcpClient());
            await registry.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            var toRegistry = CopyThenCloseAsync(engine.GetStream(), registry);
            var toEngine = CopyThenCloseAsync(registry.GetStream(), engine);
            await Task.WhenAll(toRegistry, toEngine);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // Disposed, or one side hung up.
        }
        finally
        {
            engine.Dispose();
        }
    }

    /// <summary>Copies one direction; at its end, tells the other side that nothing more comes.</summary>
    private async Task CopyThenCloseAsync(NetworkStream from, TcpClient to)
    {
        await from.CopyToAsync(to.GetStream(), _stop.Token);
        to.Client.Shutdown(SocketShutdown.Send);
    }

    private TcpClient Keep(TcpClient connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }
}
