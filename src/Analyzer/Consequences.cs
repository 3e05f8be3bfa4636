namespace PullAnalyzer
{
    /// <summary>The sentence each message ends with: what goes wrong for this kind of job.</summary>
    internal static class Consequences
    {
        public static string Of(DockerCall call) =>
            call.IsExecStart
                ? "the exec may still be running, and its exit code is not final until its output is read to the end"
                : "the " + call.Activity + " is not finished until its output is read to the end, and an engine error reported inside it goes unseen";
    }
}
