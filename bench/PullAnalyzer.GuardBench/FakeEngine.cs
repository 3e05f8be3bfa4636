using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PullAnalyzer.GuardBench;

/// <summary>
/// An engine on 127.0.0.1 that answers every request with one fixed JSON progress body (read to the connection's close,
/// as the engine streams it), after reading the request's head and its Content-Length body. Only loopback.
/// </summary>
internal sealed class FakeEngine : IAsyncDisposable
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private byte[] _body = Array.Empty<byte>();

    public FakeEngine()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Address => new($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The bytes every following response carries.</summary>
    public void Serve(byte[] body) => _body = body;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = AnswerAsync(socket);
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = await ReadHeadAsync(stream);
        var length = head.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim())).FirstOrDefault();
        var body = new byte[Math.Max(length, 1)];
        for (var read = 0; read < length;)
        {
            read += await stream.ReadAsync(body.AsMemory(read, length - read));
        }

        await stream.WriteAsync(Head);
        for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
        {
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(16 * 1024, _body.Length - offset)));
        }

        socket.Shutdown(SocketShutdown.Both);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        // The head ends with an empty line; Docker.DotNet 3.x ends its header lines with the platform's newline (\n here).
        while (!(head.Count >= 2 && head[^1] == '\n' && (head[^2] == '\n' || (head.Count >= 3 && head[^2] == '\r' && head[^3] == '\n'))))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _serving;
    }
}
