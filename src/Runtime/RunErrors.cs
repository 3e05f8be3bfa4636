namespace PullAnalyzer.Runtime;

/// <summary>The Docker engine could not be reached at the address the client uses.</summary>
public sealed class EngineUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="address"/>.</summary>
    public EngineUnreachableException(string address, string reason, Exception? inner = null)
        : base($"Cannot reach the Docker engine at {address}: {reason}. Start the engine, or set DOCKER_HOST to its address " +
               "(for example unix:///var/run/docker.sock or tcp://127.0.0.1:2375).", inner)
    {
        Address = address;
    }

    /// <summary>The address that was tried.</summary>
    public string Address { get; }
}

/// <summary>The image does not exist locally or in its registry.</summary>
public sealed class ImageNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="image"/> with the engine's text.</summary>
    public ImageNotFoundException(string image, string engineMessage, Exception? inner = null)
        : base($"Image '{image}' was not found: {engineMessage}", inner)
    {
        Image = image;
        EngineMessage = engineMessage;
    }

    /// <summary>The image reference that was asked for.</summary>
    public string Image { get; }

    /// <summary>The engine's own text.</summary>
    public string EngineMessage { get; }
}

/// <summary>One step of the flow did not finish within its time limit.</summary>
public sealed class StepTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for <paramref name="step"/>.</summary>
    public StepTimeoutException(string step, TimeSpan limit, Exception? inner = null)
        : base($"The {step} did not finish within {limit.TotalSeconds:0.#} s.", inner)
    {
        Step = step;
        Limit = limit;
    }

    /// <summary>The step: "pull", "create", "start", "wait", "logs", "ping".</summary>
    public string Step { get; }

    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Limit { get; }
}
