using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>
/// A synchronous <see cref="IProgress{T}"/> for Docker.DotNet's pull, push, build, load, import and plugin install.
/// Docker.DotNet calls <see cref="Report"/> inline while it reads the engine's response, so the
/// <see cref="EngineErrorException"/> thrown here on the first in-band error fails the awaited call itself — unlike
/// <see cref="Progress{T}"/>, which posts its handler elsewhere and cannot fail the call (docs/design.md §1, fact 4).
/// Every message, the failing one included, is first forwarded to the optional inner progress.
/// </summary>
public sealed class FailOnErrorProgress : IProgress<JSONMessage>
{
    private readonly IProgress<JSONMessage>? _inner;
    private readonly bool _throwOnError;

    /// <param name="operation">What is running, for the message: "pull", "build", "push", …</param>
    /// <param name="inner">Receives every message; may be null.</param>
    /// <param name="throwOnError">False to only record the first error (see <see cref="ThrowIfFailed"/>).</param>
    public FailOnErrorProgress(string operation, IProgress<JSONMessage>? inner = null, bool throwOnError = true)
    {
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        _inner = inner;
        _throwOnError = throwOnError;
    }

    /// <summary>What is running: "pull", "build", …</summary>
    public string Operation { get; }

    /// <summary>The first in-band error, once one was reported.</summary>
    public EngineErrorException? Error { get; private set; }

    /// <summary>How many messages were reported.</summary>
    public int MessageCount { get; private set; }

    /// <inheritdoc />
    public void Report(JSONMessage value)
    {
        MessageCount++;
        _inner?.Report(value);
        if (Error is null && EngineErrors.Of(value) is { } text)
        {
            Error = new EngineErrorException(Operation, text, value.Error?.Code is > 0 ? value.Error.Code : null);
            if (_throwOnError)
            {
                throw Error;
            }
        }
    }

    /// <summary>Throws the first recorded error, if any; for the record-only mode, after the awaited call.</summary>
    public void ThrowIfFailed()
    {
        if (Error is not null)
        {
            throw Error;
        }
    }
}
