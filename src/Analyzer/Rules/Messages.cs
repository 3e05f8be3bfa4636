using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Rules
{
    /// <summary>
    /// Every piece of message text the rules fill into their descriptors' formats (<see cref="Descriptors"/>), in one
    /// place: what happened to the stream or progress, and what that means for the job.
    /// </summary>
    internal static class Messages
    {
        // PULL001, PULL004: the stream itself.
        public const string Discarded = "is discarded";

        public static string KeptButNeverRead(string local) => "is kept in '" + local + "' but never read";

        public static string KeptButNeverUsed(string local) => "is kept in '" + local + "' but never used";

        public const string NeverDisposed = "is never disposed";

        public const string LeftOpenOnSomePath = "can be left open on some path";

        // PULL002: how a path leaves the stream unread.
        public const string DisposedFirst = "can be disposed before it is read to its end";

        public const string LeavesScope = "can go out of scope before it is read to its end";

        public const string Overwritten = "is overwritten before it is read to its end";

        public const string Replaced = "is replaced by the next call before it is read to its end";

        public const string InspectedEarly = "is not read to its end before the exec is inspected";

        // PULL005: why the progress cannot surface the engine's error.
        public const string NullProgress = "is null, so the call fails with NullReferenceException at the first message and the engine abandons the job";

        public const string PostedProgress = "is a System.Progress<JSONMessage>, whose handler runs later on another thread";

        public static string ProgressIgnoringErrors(string type) => "is a '" + type + "', whose Report never reads Error or ErrorMessage";

        public static string ProgressHandlerIgnoringErrors(string type) => "is a '" + type + "' that forwards to a handler which never reads Error or ErrorMessage";

        /// <summary>What an unread completion stream means for its job (PULL001, PULL002).</summary>
        public static string ConsequenceFor(DockerCall call) =>
            call.IsExecStart
                ? "the exec may still be running, and its exit code is not final until its output is read to the end"
                : "the " + call.Job + " is not finished until its output is read to the end, and an engine error reported inside it goes unseen";
    }
}
