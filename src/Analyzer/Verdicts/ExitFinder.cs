using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// Finds where each unread path leaves (see <see cref="LeakExit"/>): a forward walk over the unread paths that
    /// stops at the first branch into the function's end, out of the stream's scope, or into code that a reading
    /// path reaches too; and at an exec inspection.
    /// </summary>
    internal sealed class ExitFinder
    {
        private readonly ControlFlowGraph _graph;
        private readonly PathMark[][] _marks;
        private readonly ConsumptionFacts _facts;
        private readonly PathBranches _branches;

        /// <summary>From the block's entry an unread stream can reach a problem: the end, an inspection, an overwrite.</summary>
        private readonly bool[] _leadsToProblem;

        /// <summary>From the block's entry some path reaches a use that reads the stream to its end.</summary>
        private readonly bool[] _reachesDone;

        /// <summary>Some path enters the block after it read the stream.</summary>
        private readonly bool[] _afterDone;

        public ExitFinder(ControlFlowGraph graph, PathMark[][] marks, ConsumptionFacts facts, PathBranches branches)
        {
            _graph = graph;
            _marks = marks;
            _facts = facts;
            _branches = branches;
            _leadsToProblem = new bool[graph.Blocks.Length];
            _reachesDone = new bool[graph.Blocks.Length];
            _afterDone = new bool[graph.Blocks.Length];
        }

        public (ImmutableArray<LeakExit> Exits, bool Complete) Find(int startBlock, int startIndex)
        {
            AnalyseBackward();
            AnalyseAfterDone(startBlock, startIndex);

            var blocks = _graph.Blocks;
            var visited = new bool[blocks.Length];
            var work = new Stack<(int Block, int Index)>();
            work.Push((startBlock, startIndex + 1));
            var exits = ImmutableArray.CreateBuilder<LeakExit>();
            var complete = true;

            while (work.Count > 0)
            {
                var (ordinal, index) = work.Pop();
                var block = blocks[ordinal];
                var stopped = false;
                for (var i = index; i < _marks[ordinal].Length && !stopped; i++)
                {
                    var mark = _marks[ordinal][i];
                    if ((mark & PathMark.Done) != 0)
                    {
                        stopped = true;
                    }
                    else if ((mark & PathMark.Inspect) != 0)
                    {
                        exits.Add(LeakExit.AtInspect(block, PathMarks.OperationAt(block, i)));
                        // A drain before the inspection would read what a later drain of the code reads.
                        complete &= !_facts.IsReadOrHandedOn;
                        stopped = true;
                    }
                    else if ((mark & (PathMark.Overwrite | PathMark.Creation)) != 0)
                    {
                        complete = false;
                        stopped = true;
                    }
                }

                if (stopped)
                {
                    continue;
                }

                foreach (var (branch, destination) in _branches.Followed(block))
                {
                    if (_branches.Reads(block, branch) || !_leadsToProblem[destination.Ordinal])
                    {
                        continue;
                    }

                    var target = destination.Ordinal;
                    if (destination.Kind == BasicBlockKind.Exit)
                    {
                        exits.Add(LeakExit.By(block, branch));
                    }
                    else if (_afterDone[target])
                    {
                        // The unread path joins one that has read the stream: the drain goes before they meet, and
                        // is right only if nothing after the meeting point reads the stream again.
                        exits.Add(LeakExit.By(block, branch));
                        complete &= !_reachesDone[target];
                    }
                    else if (_branches.LeavesStreamScope(branch) && !_reachesDone[target])
                    {
                        exits.Add(LeakExit.By(block, branch));
                    }
                    else if (!visited[target])
                    {
                        visited[target] = true;
                        work.Push((target, 0));
                    }
                }
            }

            return (exits.ToImmutable(), complete);
        }

        /// <summary><see cref="_leadsToProblem"/> and <see cref="_reachesDone"/>, to a fixed point (loops).</summary>
        private void AnalyseBackward()
        {
            var blocks = _graph.Blocks;
            for (var changed = true; changed;)
            {
                changed = false;
                for (var ordinal = blocks.Length - 1; ordinal >= 0; ordinal--)
                {
                    var block = blocks[ordinal];
                    var first = PathMarks.First(_marks[ordinal]);
                    var problem = block.Kind == BasicBlockKind.Exit || (first != PathMark.None && first != PathMark.Done);
                    // A read counts only for this stream: past its creation (the loop around again) it is another one.
                    var reachesDone = PathMarks.DoneBeforeCreation(_marks[ordinal]);
                    var makesAnother = PathMarks.Has(_marks[ordinal], PathMark.Creation);
                    // On the path where the local is null there is nothing to read, and nothing reads: not followed.
                    foreach (var (branch, destination) in _branches.Followed(block))
                    {
                        var drains = _branches.Reads(block, branch);
                        problem |= first == PathMark.None && !drains && _leadsToProblem[destination.Ordinal];
                        reachesDone |= !makesAnother && (drains || _reachesDone[destination.Ordinal]);
                    }

                    if (problem && !_leadsToProblem[ordinal] || reachesDone && !_reachesDone[ordinal])
                    {
                        _leadsToProblem[ordinal] |= problem;
                        _reachesDone[ordinal] |= reachesDone;
                        changed = true;
                    }
                }
            }
        }

        /// <summary><see cref="_afterDone"/>: forward from each use that reads the stream after it was made.</summary>
        private void AnalyseAfterDone(int startBlock, int startIndex)
        {
            var blocks = _graph.Blocks;
            var work = new Stack<int>();
            for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
            {
                var from = ordinal == startBlock ? startIndex : 0;
                if (_marks[ordinal].Skip(from).Any(m => (m & PathMark.Done) != 0))
                {
                    work.Push(ordinal);
                }

                // The way out of a read loop at its end of data: what follows has read the stream too.
                foreach (var branch in PathBranches.Successors(blocks[ordinal]))
                {
                    if (branch.Destination is { } destination && _branches.EndsReadLoop(blocks[ordinal], branch) && !_afterDone[destination.Ordinal])
                    {
                        _afterDone[destination.Ordinal] = true;
                        work.Push(destination.Ordinal);
                    }
                }
            }

            while (work.Count > 0)
            {
                foreach (var branch in PathBranches.Successors(blocks[work.Pop()]))
                {
                    if (branch.Semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return
                        && branch.Destination is { } destination && !_afterDone[destination.Ordinal])
                    {
                        _afterDone[destination.Ordinal] = true;
                        // Past the creation (the loop around again) the stream is a new, unread one.
                        if (!PathMarks.Has(_marks[destination.Ordinal], PathMark.Creation))
                        {
                            work.Push(destination.Ordinal);
                        }
                    }
                }
            }
        }
    }
}
