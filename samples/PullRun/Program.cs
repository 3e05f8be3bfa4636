using PullAnalyzer.Runtime;
using PullRun;

var (options, usageError) = Options.Parse(args);
if (options is null)
{
    if (usageError is not null)
    {
        Console.Error.WriteLine("PullRun: " + usageError);
    }

    Console.Error.WriteLine(Options.Usage);
    return usageError is null ? 0 : ExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the flow cleanly (the pull ends, the container is removed); a second one is the default.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        Console.Error.WriteLine("PullRun: cancelling…");
        cancel.Cancel();
    }
};

// With --guard the run's Docker traffic goes through PullAnalyzer's runtime guard; its findings decide the exit code.
using var guard = options.Guard ? new EngineStreamGuard() : null;
ContainerRunner runner;
try
{
    runner = ContainerRunner.Connect(null, guard);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine("PullRun: DOCKER_HOST: " + exception.Message);
    return ExitCodes.Usage;
}

int exitCode;
using (runner)
{
    exitCode = await RunAsync(runner, options, cancel);
}

return guard is null ? exitCode : await GuardVerdictAsync(guard, exitCode);

static async Task<int> RunAsync(ContainerRunner runner, Options options, CancellationTokenSource cancel)
{
    try
    {
        var display = new PullDisplay();
        var result = await display.ShowAsync((pullProgress, stages) => runner.RunAsync(
            new ContainerRunRequest(options.Image, options.Command)
            {
                Pull = options.Pull,
                NetworkMode = options.Network,
                PullProgress = pullProgress,
                Stages = stages,
                PullTimeout = options.Timeout,
                RunTimeout = options.Timeout,
            },
            cancel.Token));
        Console.Out.Write(result.Stdout);
        Console.Error.Write(result.Stderr);
        return (int)result.ExitCode;
    }
    catch (EngineUnreachableException exception)
    {
        return Fail(exception.Message, ExitCodes.EngineUnreachable);
    }
    catch (ImageNotFoundException exception)
    {
        return Fail(exception.Message, ExitCodes.ImageNotFound);
    }
    catch (EngineErrorException exception)
    {
        return Fail("The pull failed: " + exception.EngineMessage, ExitCodes.PullFailed);
    }
    catch (StepTimeoutException exception)
    {
        return Fail(exception.Message, ExitCodes.Timeout);
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        return Fail("Cancelled; the container, if one was made, was removed.", ExitCodes.Cancelled);
    }
    catch (Docker.DotNet.DockerApiException exception)
    {
        return Fail($"The engine refused: {exception.StatusCode}: {exception.ResponseBody?.Trim()}", ExitCodes.EngineError);
    }
}

// What the guard found during the run, each with its call site; any finding is exit code 120, whatever the run's.
static async Task<int> GuardVerdictAsync(EngineStreamGuard guard, int exitCode)
{
    try
    {
        await guard.ThrowIfViolationsAsync();
        return exitCode;
    }
    catch (EngineGuardException exception)
    {
        foreach (var violation in exception.Violations)
        {
            Console.Error.WriteLine("PullRun: guard: " + violation);
        }

        return ExitCodes.GuardViolations;
    }
}

static int Fail(string message, int code)
{
    Console.Error.WriteLine("PullRun: " + message);
    return code;
}
