using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PullAnalyzer.Verdicts
{
    /// <summary>The PULL005 verdict the fix needs: which argument is the progress, whether it has a progress to keep, the job.</summary>
    internal static class ProgressVerdict
    {
        private const string ArgumentKey = "PullAnalyzer.ProgressArgument";
        private const string KeepsProgressKey = "PullAnalyzer.KeepsProgress";
        private const string ActivityKey = "PullAnalyzer.Activity";

        /// <param name="argument">The progress argument as written.</param>
        /// <param name="keepsProgress">False for <c>null</c>: nothing to wrap.</param>
        /// <param name="activity">The job's noun: "pull", "build", …</param>
        public static ImmutableDictionary<string, string?> Properties(SyntaxNode argument, bool keepsProgress, string activity) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(ArgumentKey, SpanProperty.Encode(argument))
                .Add(KeepsProgressKey, keepsProgress ? "true" : "false")
                .Add(ActivityKey, activity);

        /// <summary>The span of the progress argument, or null when the diagnostic carries none.</summary>
        public static TextSpan? Argument(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ArgumentKey);

        public static bool KeepsProgress(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(KeepsProgressKey, out var value) && value == "true";

        public static string Activity(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(ActivityKey, out var value) && !string.IsNullOrEmpty(value) ? value! : "operation";
    }
}
