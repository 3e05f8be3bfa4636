using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// Whether a method of the compilation takes responsibility for a stream passed to it. The answer needs the callee's
    /// paths, which the verdict layer works out (<c>Verdicts.CalleeSummaries</c>); the tracker only asks.
    /// </summary>
    internal interface ICalleeSummaries
    {
        /// <summary>
        /// False when the method the argument goes to is known not to read the stream to its end on some path; true when
        /// it does, or hands it on; null when it cannot be known (the caller then counts the stream as handed on).
        /// </summary>
        /// <param name="tracker">Follows the callee's parameter as the caller's stream is followed: one model for both.</param>
        /// <param name="walk">The call's walk: its cancellation, and the summaries being worked out around this one.</param>
        bool? Settles(IArgumentOperation argument, StreamShape? shape, ConsumptionTracker tracker, WalkContext walk);
    }
}
