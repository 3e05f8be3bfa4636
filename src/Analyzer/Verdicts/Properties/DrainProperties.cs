using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>How the PULL001/PULL002 fix repairs a stream, as the analyzer decided it.</summary>
    internal enum DrainForm
    {
        /// <summary>No edit reads the stream without changing what the code already reads: no fix is offered.</summary>
        None,
        /// <summary>The awaited stream is a statement of its own (<c>await …;</c>, <c>_ = await …;</c>, <c>(await …).Dispose();</c>).</summary>
        Statement,
        /// <summary>The awaited stream is an expression body (method, local function or lambda).</summary>
        ExpressionBody,
        /// <summary><c>var x = await …;</c> and <c>x</c> is never read.</summary>
        NeverReadLocal,
        /// <summary><c>using (await …) { … }</c>: the resource has no name to read it by.</summary>
        UsingResource,
        /// <summary>The stream lives in locals: drains go at <see cref="DrainPoint"/>s.</summary>
        AtPoints,
    }

    /// <summary>Which of PullAnalyzer.Runtime's drains the compilation has, so the fix can call it instead of writing a loop.</summary>
    internal enum RuntimeDrain
    {
        /// <summary>The runtime package is not referenced.</summary>
        None,
        /// <summary><c>ProgressStreamDrain.DrainAsync</c> only (an older runtime).</summary>
        AsyncOnly,
        /// <summary><c>DrainAsync</c>, and the blocking <c>Drain</c> for a function that cannot await.</summary>
        AsyncAndBlocking,
    }

    /// <summary>
    /// The drain verdict (<see cref="DrainVerdict"/>) in <see cref="Diagnostic.Properties"/>, beside
    /// <see cref="StreamProperties"/>': the form, the job, the drain points, and which runtime drain can be called.
    /// </summary>
    internal static class DrainProperties
    {
        private const string FormKey = "PullAnalyzer.DrainForm";
        private const string JobKey = "PullAnalyzer.Job";
        private const string PointsKey = "PullAnalyzer.DrainPoints";
        private const string RuntimeKey = "PullAnalyzer.RuntimeDrain";

        /// <summary>The runtime's drain, as the fix writes it.</summary>
        public const string RuntimeDrainType = RuntimeHelpers.ProgressStreamDrain;

        public static ImmutableDictionary<string, string?> Encode(ImmutableDictionary<string, string?>.Builder stream, DrainForm form, string job,
            ImmutableArray<DrainPoint> points, RuntimeDrain runtime)
        {
            stream[FormKey] = form.ToString();
            stream[JobKey] = job;
            stream[RuntimeKey] = runtime.ToString();
            if (form == DrainForm.AtPoints)
            {
                stream[PointsKey] = DrainPoint.Encode(points);
            }

            return stream.ToImmutable();
        }

        public static DrainForm Form(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, FormKey, DrainForm.None);

        /// <summary>The job's name, for names and messages: "build", "pull", "exec", …</summary>
        public static string Job(Diagnostic diagnostic) => PropertyValues.Job(diagnostic, JobKey);

        public static ImmutableArray<DrainPoint> Points(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(PointsKey, out var value) ? DrainPoint.Decode(value) : ImmutableArray<DrainPoint>.Empty;

        public static RuntimeDrain Runtime(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, RuntimeKey, RuntimeDrain.None);
    }
}
