using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// The one branch filter every walk of the path checker uses: which branches a path can take (normal ones; a constant
    /// condition takes one side; the side where the stream's local is null is not a path of the stream), which of them read
    /// the stream on the way (a finally that drains it, the way out of a read loop at its end of data), and which leave
    /// the stream's scope.
    /// </summary>
    internal sealed class PathBranches
    {
        private readonly PathMarkSet _marks;
        private readonly ConsumptionFacts _facts;
        private readonly SettledBranches _settled;
        private readonly int _lastRelevantBlock;
        private readonly int[] _lowestReachable;
        private readonly bool[] _reachesExit;
        private readonly CancellationToken _cancellationToken;
        private readonly FlagLocals _flags;

        /// <param name="lastRelevantBlock">From <see cref="PathMarks.Of"/>: the last block where anything about the stream happens.</param>
        /// <param name="cancellationToken">Checked at every step of every walk: each walk takes its steps through <see cref="Followed(BasicBlock, FlagState)"/>.</param>
        public PathBranches(ControlFlowGraph graph, PathMarkSet marks, ConsumptionFacts facts, int lastRelevantBlock, CancellationToken cancellationToken)
        {
            _marks = marks;
            _facts = facts;
            _cancellationToken = cancellationToken;
            _flags = FlagLocals.Of(graph, cancellationToken);
            _settled = new SettledBranches(graph, facts, _flags, cancellationToken);
            _lastRelevantBlock = lastRelevantBlock;
            _lowestReachable = PathMarks.LowestReachable(graph, cancellationToken);
            _reachesExit = PathMarks.ReachesExit(graph, cancellationToken);
        }

        /// <summary>
        /// Nothing about the stream happens on any path from this block (every block it can reach comes after the last
        /// one that marks the stream or names a local of it): the walks can answer here instead of following the rest
        /// of the member, which keeps the cost of a call flat however many calls the member holds.
        /// </summary>
        public bool SeesNothingMore(BasicBlock block) => _lowestReachable[block.Ordinal] > _lastRelevantBlock;

        /// <summary>Stops a walk that does not take its steps through <see cref="Followed(BasicBlock, FlagState)"/> (a backward one) once the analysis is cancelled.</summary>
        public void ThrowIfCancelled() => _cancellationToken.ThrowIfCancellationRequested();

        /// <summary>Some normal path from the block reaches the end of the function.</summary>
        public bool ReachesExit(BasicBlock block) => _reachesExit[block.Ordinal];

        /// <summary>The graph's flag locals, whose known values decide the tests of them (<see cref="FlagLocals"/>).</summary>
        public FlagLocals Flags => _flags;

        /// <summary>The branches a path of the stream can take out of <paramref name="block"/>, with where they go.</summary>
        public IEnumerable<(ControlFlowBranch Branch, BasicBlock Destination)> Followed(BasicBlock block) => Followed(block, FlagState.Unknown);

        /// <summary>
        /// The branches a path that knows <paramref name="flags"/> (at the end of <paramref name="block"/>) can take: a
        /// test of a known flag takes one way only.
        /// </summary>
        public IEnumerable<(ControlFlowBranch Branch, BasicBlock Destination)> Followed(BasicBlock block, FlagState flags)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            foreach (var branch in _flags.Successors(block, flags))
            {
                if (branch.Semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return
                    && branch.Destination is { } destination
                    && !_settled.TakenWhenNull(block, branch))
                {
                    yield return (branch, destination);
                }
            }
        }

        /// <summary>Whether the stream is read to its end on the way through the branch.</summary>
        public bool Reads(BasicBlock block, ControlFlowBranch branch) => DrainsInFinally(branch) || _settled.EndsReadLoop(block, branch);

        /// <summary>The way out of a loop that reads the stream, at its end of data.</summary>
        public bool EndsReadLoop(BasicBlock block, ControlFlowBranch branch) => _settled.EndsReadLoop(block, branch);

        /// <summary>
        /// A branch after which the stream is gone: it leaves the scope of a using local that owns the stream (which
        /// disposes it there), or of every local that holds it (a <c>continue</c> past the loop body that declared it).
        /// </summary>
        public bool LeavesStreamScope(ControlFlowBranch branch)
        {
            var left = 0;
            foreach (var region in branch.LeavingRegions)
            {
                foreach (var local in region.Locals)
                {
                    var tracked = _facts.Locals.FindIndex(holder => SymbolEqualityComparer.Default.Equals(holder.Local, local));
                    if (tracked < 0)
                    {
                        continue;
                    }

                    if (_facts.Locals[tracked].IsUsing && _facts.Locals[tracked].OwnsStream)
                    {
                        return true;
                    }

                    left++;
                }
            }

            // A summarized parameter still holds the stream when every local it was copied to is gone.
            return left > 0 && left == _facts.Locals.Count && _facts.Parameter is null;
        }

        /// <summary>The branches a block can take; a constant condition (<c>while (true)</c>) takes only one of them.</summary>
        public static IEnumerable<ControlFlowBranch> Successors(BasicBlock block)
        {
            if (block.ConditionalSuccessor is { } conditional)
            {
                if (block.BranchValue?.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    if (OnlyWay(block, constant) is { } only)
                    {
                        yield return only;
                    }

                    yield break;
                }

                yield return conditional;
            }

            if (block.FallThroughSuccessor is { } fallThrough)
            {
                yield return fallThrough;
            }
        }

        /// <summary>The one branch a conditional block takes when its condition is known to be <paramref name="value"/>.</summary>
        public static ControlFlowBranch? OnlyWay(BasicBlock block, bool value) =>
            value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor;

        /// <summary>A drain in a finally block that this branch runs through counts for the path.</summary>
        private bool DrainsInFinally(ControlFlowBranch branch)
        {
            foreach (var region in branch.FinallyRegions)
            {
                for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
                {
                    if (PathMarks.Has(_marks[ordinal], PathMark.Settled))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
