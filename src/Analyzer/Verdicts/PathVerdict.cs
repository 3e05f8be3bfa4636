using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How a path lets a completion stream go unread.</summary>
    internal enum PathViolation
    {
        None,
        /// <summary>A normal path reaches the end of the function, or leaves the stream's scope, with the stream unread.</summary>
        LeavesScope,
        /// <summary>The local holding the stream is assigned again first.</summary>
        Overwritten,
        /// <summary>The call that made the stream runs again (a loop) first.</summary>
        Replaced,
        /// <summary>The exec is inspected (its exit code read) before its output ended.</summary>
        InspectedEarly,
        /// <summary>The graph could not be matched to the code; nothing is claimed.</summary>
        Unknown,
    }

    /// <summary>
    /// Where an unread stream leaves a path: the branch of the flow graph after which nothing reads it any more (an edge
    /// into the function's end, out of the stream's scope, or into code that other, reading, paths reach too), or the
    /// exec inspection it reaches first. A drain placed right there reads the stream on that path and on no other.
    /// </summary>
    internal readonly struct LeakExit
    {
        private LeakExit(BasicBlock source, ControlFlowBranch? branch, IOperation? inspect)
        {
            Source = source;
            Branch = branch;
            Inspect = inspect;
        }

        /// <summary>The block the unread path is in when it leaves.</summary>
        public BasicBlock Source { get; }

        /// <summary>The branch it leaves by; null for an exec inspection.</summary>
        public ControlFlowBranch? Branch { get; }

        /// <summary>The exec inspection reached before the output ended.</summary>
        public IOperation? Inspect { get; }

        public static LeakExit By(BasicBlock source, ControlFlowBranch branch) => new LeakExit(source, branch, null);

        public static LeakExit AtInspect(BasicBlock source, IOperation inspect) => new LeakExit(source, null, inspect);
    }

    /// <summary>The path checker's answer: the first violation found, and where each unread path leaves.</summary>
    internal sealed class PathVerdict
    {
        public PathVerdict(PathViolation violation, ImmutableArray<LeakExit> exits, bool exitsAreComplete)
        {
            Violation = violation;
            Exits = exits;
            ExitsAreComplete = exitsAreComplete;
        }

        public PathViolation Violation { get; }

        /// <summary>Every place where an unread path leaves (for <see cref="PathViolation.LeavesScope"/> and <see cref="PathViolation.InspectedEarly"/>).</summary>
        public ImmutableArray<LeakExit> Exits { get; }

        /// <summary>
        /// False when a drain at the exits would read what the code already reads elsewhere (an unread path that later
        /// meets a reading one again), or the violation is one no insertion repairs (overwritten, replaced).
        /// </summary>
        public bool ExitsAreComplete { get; }

        public static PathVerdict Of(PathViolation violation) => new PathVerdict(violation, ImmutableArray<LeakExit>.Empty, false);
    }
}
