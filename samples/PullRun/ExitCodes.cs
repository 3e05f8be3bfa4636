namespace PullRun;

/// <summary>
/// The sample's own exit codes, above the range commands usually use (as the docker CLI does with 125–127), so they
/// are told apart from the container's exit code, which is passed through on success.
/// </summary>
internal static class ExitCodes
{
    public const int GuardViolations = 120;
    public const int EngineUnreachable = 121;
    public const int ImageNotFound = 122;
    public const int PullFailed = 123;
    public const int Timeout = 124;
    public const int Usage = 125;
    public const int EngineError = 126;
    public const int Cancelled = 130;
}
