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
        : base($"The engine reported an error during the {operation}: {engineMessage}")
    {
        Operation = operation;
        EngineMessage = engineMessage;
        Code = code;
    }

    /// <summary>What was running: "pull", "build", "push", "load", "import", "plugin install".</summary>
    public string Operation { get; }

    /// <summary>The engine's own error text, unchanged.</summary>
    public string EngineMessage { get; }

    /// <summary>The engine's error code, where it sent one.</summary>
    public long? Code { get; }
}
