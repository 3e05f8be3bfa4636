using System.Net.Sockets;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>
/// A test against the real engine that eng/engine.sh starts. Without an engine it is skipped with the reason shown —
/// unless PULLANALYZER_REQUIRE_ENGINE=1 (as in CI), where it runs and fails.
/// </summary>
public sealed class EngineFactAttribute : FactAttribute
{
    public EngineFactAttribute()
    {
        if (!Engine.IsRequired && Engine.Unavailable is { } reason)
        {
            Skip = "No Docker engine for integration tests (" + reason + "); run `bash eng/engine.sh up` as root, or set PULLANALYZER_REQUIRE_ENGINE=1 to fail instead.";
        }
    }
}

public static class Engine
{
    public const string Socket = "/var/run/docker.sock";
    public const string Address = "unix://" + Socket;
    public const string Registry = "127.0.0.1:5000";
    public const string Image = Registry + "/busybox:1";
    public const string BrokenRegistry = "127.0.0.1:5001";
    public const string BrokenImage = BrokenRegistry + "/busybox:broken";

    public static bool IsRequired => Environment.GetEnvironmentVariable("PULLANALYZER_REQUIRE_ENGINE") == "1";

    private static readonly Lazy<string?> Probe = new(() =>
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(Socket));
            return null;
        }
        catch (Exception exception)
        {
            return Socket + ": " + exception.Message;
        }
    });

    /// <summary>Why the engine cannot be used, or null when its socket answers.</summary>
    public static string? Unavailable => Probe.Value;
}
