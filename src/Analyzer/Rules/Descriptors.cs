using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Rules
{
    /// <summary>Every rule PullAnalyzer reports, in one place. IDs are fixed by the design (PULL001–PULL005).</summary>
    public static class Descriptors
    {
        internal const string Category = "Reliability";

        /// <summary>
        /// Where the rule pages live; each descriptor links to <c>docs/rules/{id}.md</c>. Set once, as the MSBuild property
        /// <c>PullAnalyzerHelpLinkBase</c> in Directory.Build.props, and generated into <c>HelpLinks.Base</c>.
        /// </summary>
        public const string HelpLinkBase = HelpLinks.Base;

        public static readonly DiagnosticDescriptor CompletionStreamDiscarded = Create(
            "PULL001",
            "Completion stream is discarded",
            "The stream returned by '{0}' {1}: {2}",
            "Docker answers this call at once and then streams progress while the job runs. The job is finished only when that stream has been read to its end, and a failure arrives inside it as an {\"error\": …} message. Dropping the stream lets the code go on while the engine is still working, and hides failures.");

        public static readonly DiagnosticDescriptor CompletionStreamNotReadToEnd = Create(
            "PULL002",
            "Completion stream is not read to its end",
            "The stream returned by '{0}' {1}: {2}",
            "On some normal path the stream is disposed, overwritten or leaves scope before it has been read to its end (one line read, a using with an empty body, an early return, a drain on one branch only). Until the stream is read to its end the job is not finished, and a failure reported inside it goes unseen.");

        public static readonly DiagnosticDescriptor TaskNotAwaited = Create(
            "PULL003",
            "Docker call is not awaited",
            "The task returned by '{0}' is not awaited: the job may still be running, and its failure is never observed",
            "The Task of a Docker.DotNet call is discarded. The code that follows runs while the engine is still working on the job (the next call fails with 'No such image'), and the job's failure is lost.");

        public static readonly DiagnosticDescriptor DataStreamNotDisposed = Create(
            "PULL004",
            "Data stream is never disposed",
            "The stream returned by '{0}' {1}: it holds an engine connection open until it is disposed",
            "The stream of a data API (logs, attach, export, save, stats, events, archive) holds an engine connection open until it is disposed or read to its end. Reading only part of it is fine; never disposing it leaks the connection.");

        public static readonly DiagnosticDescriptor ProgressIgnoresEngineErrors = Create(
            "PULL005",
            "Engine errors in the progress stream are ignored",
            "The progress given to '{0}' {1}: an engine error reported inside the {2} stream will not fail the call",
            "Docker.DotNet does not throw when the engine reports a failure inside the progress stream of a pull, push, build, load, import or plugin install; only the IProgress<JSONMessage> sees it. A null progress crashes at the first message, System.Progress<T> posts its handler elsewhere (it cannot fail the awaited call and may run after it returned), and a Report that never reads Error or ErrorMessage drops the failure.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string description) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                Category,
                DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLinkBase + id + ".md");
    }
}
