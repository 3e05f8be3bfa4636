using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>How the PULL005 fix gives the call a progress that fails on engine errors.</summary>
    internal enum ProgressFixForm
    {
        /// <summary>No place for the check after the call (an argument list, an interface, a generic Task body): no fix.</summary>
        None,
        /// <summary>PullAnalyzer.Runtime is referenced: its <c>FailOnErrorProgress</c> replaces (and wraps) the argument.</summary>
        Runtime,
        /// <summary>The project's helper collects the error, made before the call's statement and checked after it.</summary>
        HelperAroundStatement,
        /// <summary><c>async Task M() => await call;</c> becomes a block body with the helper around the call.</summary>
        HelperInExpressionBody,
        /// <summary>
        /// <c>Task M() => call;</c> becomes <c>async</c> with a block body that awaits the call between the helper and its
        /// check: the check must run after the call, which only awaiting it there allows.
        /// </summary>
        HelperInAsyncExpressionBody,
    }

    /// <summary>
    /// The progress verdict (<see cref="ProgressVerdict"/>) in <see cref="Diagnostic.Properties"/>: which argument is the
    /// progress, whether it has a progress to keep, the job, the form of the fix, whether the fix awaits the call (a task
    /// discarded as a statement) and where that task stands, and the progress type's own <c>Report</c> where the fix may
    /// make it fail.
    /// </summary>
    internal static class ProgressProperties
    {
        private const string ArgumentKey = "PullAnalyzer.ProgressArgument";
        private const string KeepsProgressKey = "PullAnalyzer.KeepsProgress";
        private const string JobKey = "PullAnalyzer.Job";
        private const string FormKey = "PullAnalyzer.ProgressFix";
        private const string AwaitsCallKey = "PullAnalyzer.AwaitsCall";
        private const string TaskKey = "PullAnalyzer.Task";
        private const string ReportKey = "PullAnalyzer.Report";

        /// <summary>The runtime helper's failing progress, as the fix writes it.</summary>
        public const string RuntimeProgressType = RuntimeHelpers.FailOnErrorProgress;

        /// <summary>The helper the fix adds to a project without the runtime, once, as a file of its own.</summary>
        public const string HelperType = "EngineErrorProgress";

        /// <param name="task">The call's task as the code uses it (the call, or its <c>ConfigureAwait(…)</c>).</param>
        /// <param name="report">The declaration of the progress type's own Report, where the fix can make it fail; else null.</param>
        public static ImmutableDictionary<string, string?> Encode(SyntaxNode argument, bool keepsProgress, string job, ProgressFixForm form, bool awaitsCall,
            SyntaxNode task, SyntaxNode? report)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[ArgumentKey] = SpanProperty.Encode(argument);
            properties[KeepsProgressKey] = PropertyValues.Flag(keepsProgress);
            properties[JobKey] = job;
            properties[FormKey] = form.ToString();
            properties[AwaitsCallKey] = PropertyValues.Flag(awaitsCall);
            properties[TaskKey] = SpanProperty.Encode(task);
            if (report is not null)
            {
                properties[ReportKey] = SpanProperty.Encode(report);
            }

            return properties.ToImmutable();
        }

        /// <summary>The span of the progress type's own <c>Report</c>, where the fix can make it fail on the error.</summary>
        public static TextSpan? Report(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ReportKey);

        /// <summary>The span of the progress argument, or null when the diagnostic carries none.</summary>
        public static TextSpan? Argument(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ArgumentKey);

        public static bool KeepsProgress(Diagnostic diagnostic) => PropertyValues.Flag(diagnostic, KeepsProgressKey);

        public static string Job(Diagnostic diagnostic) => PropertyValues.Job(diagnostic, JobKey);

        public static ProgressFixForm Form(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, FormKey, ProgressFixForm.None);

        /// <summary>The call's task is discarded as a statement in a function that can await: the fix awaits it too.</summary>
        public static bool AwaitsCall(Diagnostic diagnostic) => PropertyValues.Flag(diagnostic, AwaitsCallKey);

        /// <summary>The span of the call's task as the code uses it.</summary>
        public static TextSpan? Task(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, TaskKey);
    }
}
