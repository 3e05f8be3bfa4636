using PullAnalyzer.Runtime;

namespace PullRun;

/// <summary>The command line: <c>[--pull missing|always|never] [--network MODE] [--timeout SECONDS] [--guard] IMAGE [COMMAND…]</c>.</summary>
internal sealed record Options(string Image, string[] Command, PullPolicy Pull, string? Network, TimeSpan Timeout, bool Guard = false)
{
    public const string Usage = """
        usage: PullRun [--pull missing|always|never] [--network MODE] [--timeout SECONDS] [--guard] IMAGE [COMMAND...]

        Pulls IMAGE (when missing, by default), runs COMMAND in a new container, prints its output and exits with its
        exit code. The engine is the one DOCKER_HOST names (default unix:///var/run/docker.sock).
        --guard watches the run's Docker traffic with PullAnalyzer's runtime guard: an engine error inside a stream,
        a stream left unread or undisposed, each is printed with its call site, and the exit code is 120.
        Exit codes of its own: 120 the guard found violations, 121 engine unreachable, 122 image not found,
        123 pull failed, 124 timeout, 125 usage, 126 other engine error, 130 cancelled.
        """;

    /// <summary>Parses <paramref name="args"/>; a message when they are wrong.</summary>
    public static (Options? Options, string? Error) Parse(string[] args)
    {
        var pull = PullPolicy.Missing;
        var guard = false;
        string? network = null;
        var timeout = TimeSpan.FromMinutes(10);
        var i = 0;
        for (; i < args.Length && args[i].StartsWith("--", StringComparison.Ordinal); i++)
        {
            var name = args[i];
            if (name is "--help")
            {
                return (null, null);
            }

            if (name is "--guard")
            {
                guard = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                return (null, $"{name} needs a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--pull" when Enum.TryParse<PullPolicy>(value, ignoreCase: true, out var policy):
                    pull = policy;
                    break;
                case "--pull":
                    return (null, $"--pull takes missing, always or never, not '{value}'");
                case "--network":
                    network = value;
                    break;
                case "--timeout" when int.TryParse(value, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--timeout":
                    return (null, $"--timeout takes a positive number of seconds, not '{value}'");
                default:
                    return (null, $"unknown option {name}");
            }
        }

        if (i >= args.Length)
        {
            return (null, "an IMAGE is required");
        }

        return (new Options(args[i], args[(i + 1)..], pull, network, timeout, guard), null);
    }
}
