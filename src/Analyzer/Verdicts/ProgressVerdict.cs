using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>The PULL005 verdict the fix needs: which argument is the progress, whether it has a progress to keep, the job.</summary>
    internal static class ProgressVerdict
    {
        private const string ArgumentKey = "PullAnalyzer.ProgressArgument";
        private const string KeepsProgressKey = "PullAnalyzer.KeepsProgress";
        private const string JobKey = "PullAnalyzer.Job";

        /// <param name="argument">The progress argument as written.</param>
        /// <param name="keepsProgress">False for <c>null</c>: nothing to wrap.</param>
        /// <param name="job">The job's name: "pull", "build", …</param>
        public static ImmutableDictionary<string, string?> Properties(SyntaxNode argument, bool keepsProgress, string job) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(ArgumentKey, SpanProperty.Encode(argument))
                .Add(KeepsProgressKey, keepsProgress ? "true" : "false")
                .Add(JobKey, job);

        /// <summary>The span of the progress argument, or null when the diagnostic carries none.</summary>
        public static TextSpan? Argument(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ArgumentKey);

        public static bool KeepsProgress(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(KeepsProgressKey, out var value) && value == "true";

        public static string Job(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(JobKey, out var value) && !string.IsNullOrEmpty(value) ? value! : "operation";
    }
}
