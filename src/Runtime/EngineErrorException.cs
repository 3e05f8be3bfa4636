namespace PullAnalyzer.Runtime;

/// <summary>
/// The engine reported a failure inside a progress stream (<c>{"error": …}</c> after the <c>200 OK</c>): a pull with a
/// corrupt or missing layer, a build whose step failed, a push to a dead registry. Docker.DotNet itself completes such
/// calls normally; this exception carries the engine's own text instead.
/// </summary>
public sealed class EngineErrorException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> (pull, build, push, load, …) with the engine's text.</summary>
    public EngineErrorException(string operation, string engineMessage, long? code = null)
        : this(operation, engineMessage, code, site: null)
    {
    }

    /// <summary>Creates the exception for <paramref name="operation"/>, named with the call that started it (the runtime
    /// guard knows it; see <see cref="EngineStreamGuard"/>).</summary>
    public EngineErrorException(string operation, string engineMessage, long? code, CallSite? site)
        : base($"The engine reported an error during the {operation}: {engineMessage}" + (site is null ? "" : $" (called at {site})"))
    {
        Operation = operation;
        EngineMessage = engineMessage;
        Code = code;
        Site = site;
    }

    /// <summary>What was running: "pull", "build", "push", "load", "import", "plugin install".</summary>
    public string Operation { get; }

    /// <summary>The engine's own error text, unchanged.</summary>
    public string EngineMessage { get; }

    /// <summary>The engine's error code, where it sent one.</summary>
    public long? Code { get; }

    /// <summary>The call that started the job, where the runtime guard saw it; null otherwise.</summary>
    public CallSite? Site { get; }
}
