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
        private readonly PathMarkSet _marks;
        private readonly ConsumptionFacts _facts;
        private readonly PathBranches _branches;

        /// <summary>
        /// Answers about blocks, worked out only for the blocks the walk meets and kept for the walk: from the block's
        /// entry an unread stream can reach a problem (the end, an inspection, an overwrite, another creation); from its
        /// entry some path reaches a use that reads the stream to its end; some path enters it after the stream was read.
        /// Each is a reachability search that stops where the stream's story stops, so a member dense with Docker calls
        /// costs each call the few blocks around it, not a pass over the whole member.
        /// </summary>
        private readonly Dictionary<int, bool> _leadsToProblem = new Dictionary<int, bool>();
        private readonly Dictionary<int, bool> _reachesSettled = new Dictionary<int, bool>();
        private readonly Dictionary<int, bool> _afterSettled = new Dictionary<int, bool>();
        private int _startBlock;
        private int _startIndex;

        public ExitFinder(ControlFlowGraph graph, PathMarkSet marks, ConsumptionFacts facts, PathBranches branches)
        {
            _graph = graph;
            _marks = marks;
            _facts = facts;
            _branches = branches;
        }

        public (ImmutableArray<LeakExit> Exits, bool Complete) Find(int startBlock, int startIndex)
        {
            _startBlock = startBlock;
            _startIndex = startIndex;

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
                    if ((mark & PathMark.Settled) != 0)
                    {
                        stopped = true;
                    }
                    else if ((mark & PathMark.Inspect) != 0)
                    {
                        exits.Add(LeakExit.AtInspect(block, PathMarks.OperationAt(block, i)));
                        // A drain before the inspection would read what a later drain of the code reads.
                        complete &= !_facts.IsSettled;
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
                    if (_branches.Reads(block, branch) || !LeadsToProblem(destination))
                    {
                        continue;
                    }

                    var target = destination.Ordinal;
                    if (destination.Kind == BasicBlockKind.Exit)
                    {
                        exits.Add(LeakExit.By(block, branch));
                    }
                    else if (AfterSettled(destination))
                    {
                        // The unread path joins one that has read the stream: the drain goes before they meet, and
                        // is right only if nothing after the meeting point reads the stream again.
                        exits.Add(LeakExit.By(block, branch));
                        complete &= !ReachesSettled(destination);
                    }
                    else if (_branches.LeavesStreamScope(branch) && !ReachesSettled(destination))
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

        /// <summary>From the block's entry, an unread path reaches the end, an inspection, an overwrite or another creation.</summary>
        private bool LeadsToProblem(BasicBlock from) => Remembered(_leadsToProblem, from, start =>
        {
            var visited = new HashSet<BasicBlock> { start };
            var work = new Stack<BasicBlock>();
            work.Push(start);
            while (work.Count > 0)
            {
                var block = work.Pop();
                if (block.Kind == BasicBlockKind.Exit)
                {
                    return true;
                }

                var first = PathMarks.First(_marks[block.Ordinal]);
                if (first == PathMark.Settled)
                {
                    continue;
                }

                if (first != PathMark.None || (_branches.SeesNothingMore(block) && _branches.ReachesExit(block)))
                {
                    return true;
                }

                if (_branches.SeesNothingMore(block))
                {
                    continue;
                }

                foreach (var (branch, destination) in _branches.Followed(block))
                {
                    if (!_branches.Reads(block, branch) && visited.Add(destination))
                    {
                        work.Push(destination);
                    }
                }
            }

            return false;
        });

        /// <summary>From the block's entry some path reads the stream to its end (before it makes another one).</summary>
        private bool ReachesSettled(BasicBlock from) => Remembered(_reachesSettled, from, start =>
        {
            var visited = new HashSet<BasicBlock> { start };
            var work = new Stack<BasicBlock>();
            work.Push(start);
            while (work.Count > 0)
            {
                var block = work.Pop();
                var marks = _marks[block.Ordinal];
                if (PathMarks.SettledBeforeCreation(marks))
                {
                    return true;
                }

                // A read counts only for this stream: past its creation (the loop around again) it is another one.
                if (PathMarks.Has(marks, PathMark.Creation) || _branches.SeesNothingMore(block))
                {
                    continue;
                }

                foreach (var (branch, destination) in _branches.Followed(block))
                {
                    if (_branches.Reads(block, branch))
                    {
                        return true;
                    }

                    if (visited.Add(destination))
                    {
                        work.Push(destination);
                    }
                }
            }

            return false;
        });

        /// <summary>
        /// Some path enters the block after it read the stream: backward from the block to a use that reads it (after it
        /// was made) or to the way out of a read loop at its end of data, through no other creation.
        /// </summary>
        private bool AfterSettled(BasicBlock from) => Remembered(_afterSettled, from, start =>
        {
            var visited = new HashSet<BasicBlock> { start };
            var work = new Stack<BasicBlock>();
            work.Push(start);
            while (work.Count > 0)
            {
                _branches.ThrowIfCancelled();
                var block = work.Pop();
                foreach (var branch in block.Predecessors)
                {
                    // A branch a constant condition never takes (the way out of `while (true)`) is no path.
                    if (branch.Source is not { } source || !PathBranches.Successors(source).Contains(branch))
                    {
                        continue;
                    }

                    // The way out of a read loop at its end of data: what follows has read the stream too.
                    if (_branches.EndsReadLoop(source, branch))
                    {
                        return true;
                    }

                    if (branch.Semantics is not (ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return))
                    {
                        continue;
                    }

                    if (ReadsAfterCreation(source) || EntersAfterReadLoop(source))
                    {
                        return true;
                    }

                    // Past the creation (the loop around again) the stream is a new, unread one.
                    if (!PathMarks.Has(_marks[source.Ordinal], PathMark.Creation) && visited.Add(source))
                    {
                        work.Push(source);
                    }
                }
            }

            return false;
        });

        /// <summary>The block reads the stream to its end somewhere after the stream was made.</summary>
        private bool ReadsAfterCreation(BasicBlock block)
        {
            var marks = _marks[block.Ordinal];
            for (var i = block.Ordinal == _startBlock ? _startIndex : 0; i < marks.Length; i++)
            {
                if ((marks[i] & PathMark.Settled) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The block is where a read loop is left at its end of data.</summary>
        private bool EntersAfterReadLoop(BasicBlock block)
        {
            foreach (var branch in block.Predecessors)
            {
                if (branch.Source is { } source && _branches.EndsReadLoop(source, branch))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Remembered(Dictionary<int, bool> answers, BasicBlock block, System.Func<BasicBlock, bool> search)
        {
            if (!answers.TryGetValue(block.Ordinal, out var answer))
            {
                answers[block.Ordinal] = answer = search(block);
            }

            return answer;
        }
    }
}
