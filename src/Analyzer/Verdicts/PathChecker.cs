using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// What a stream's paths lack: walks the function's <see cref="ControlFlowGraph"/> forward from the point where the
    /// stream was made and asks whether every normal path reads it to its end (or hands it on) before the function ends,
    /// and if not, where each unread path leaves (<see cref="ExitFinder"/>). Paths that end in <c>throw</c> do not count;
    /// finally blocks are looked into for a drain. The parts: <see cref="FunctionGraphs"/> (which graph),
    /// <see cref="PathMarks"/> (what happens where), <see cref="PathBranches"/> (which branches a path takes and what they
    /// do), <see cref="SettledBranches"/> (null and end-of-data branches).
    /// </summary>
    internal static class PathChecker
    {
        /// <param name="withExits">
        /// Also find where each unread path leaves (what the drain fix needs); a rule that only reports, such as PULL004,
        /// asks for the violation alone.
        /// </param>
        /// <param name="cancellationToken">The analysis's: every walk over the graph stops when it is cancelled.</param>
        public static PathVerdict Check(ControlFlowGraph rootGraph, IOperation creation, ConsumptionFacts facts, bool isExec, CancellationToken cancellationToken, bool withExits = true)
        {
            var graph = FunctionGraphs.Containing(rootGraph, creation, cancellationToken);
            if (graph is null)
            {
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var marks = PathMarks.Of(graph, creation.Syntax, facts, isExec, cancellationToken, out var lastRelevantBlock);
            if (!PathMarks.Find(marks, PathMark.Creation, out var startBlock, out var startIndex))
            {
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var branches = new PathBranches(graph, marks, facts, lastRelevantBlock, cancellationToken);
            var violation = FindViolation(graph, marks, branches, startBlock, startIndex);
            if (!withExits || violation is not (PathViolation.LeavesScope or PathViolation.InspectedEarly))
            {
                return PathVerdict.Of(violation);
            }

            var (exits, complete) = new ExitFinder(graph, marks, facts, branches).Find(startBlock, startIndex);
            return new PathVerdict(violation, exits, complete && exits.Length > 0);
        }

        /// <summary>
        /// Whether a parameter is read to its end (or handed on) on every normal path through its method: the walk
        /// starts at the method's entry instead of a creation.
        /// </summary>
        public static bool SettledOnEveryPath(ControlFlowGraph graph, ConsumptionFacts facts, CancellationToken cancellationToken)
        {
            var marks = PathMarks.Of(graph, creation: null, facts, isExec: false, cancellationToken, out var lastRelevantBlock);
            return FindViolation(graph, marks, new PathBranches(graph, marks, facts, lastRelevantBlock, cancellationToken), startBlock: 0, startIndex: 0) == PathViolation.None;
        }

        /// <summary>The first violation on some normal path from the stream's creation, or None.</summary>
        private static PathViolation FindViolation(ControlFlowGraph graph, PathMarkSet marks, PathBranches branches, int startBlock, int startIndex)
        {
            var blocks = graph.Blocks;
            var visited = new bool[blocks.Length];
            var work = new Stack<(int Block, int Index)>();
            work.Push((startBlock, startIndex));
            var first = true;

            while (work.Count > 0)
            {
                var (blockOrdinal, index) = work.Pop();
                var blockMarks = marks[blockOrdinal];
                var done = false;
                for (var i = index; i < blockMarks.Length; i++)
                {
                    var mark = blockMarks[i];
                    if ((mark & PathMark.Settled) != 0)
                    {
                        done = true;
                        break;
                    }

                    // The creation itself starts the walk; met again, it makes another stream.
                    if (first && i == index)
                    {
                        continue;
                    }

                    if ((mark & PathMark.Creation) != 0) return PathViolation.Replaced;
                    if ((mark & PathMark.Overwrite) != 0) return PathViolation.Overwritten;
                    if ((mark & PathMark.Inspect) != 0) return PathViolation.InspectedEarly;
                }

                first = false;
                if (done)
                {
                    continue;
                }

                var block = blocks[blockOrdinal];
                if (block.Kind == BasicBlockKind.Exit)
                {
                    return PathViolation.LeavesScope;
                }

                if (branches.SeesNothingMore(block))
                {
                    // Unread from here on: a way to the end is the violation; paths that only throw are none.
                    if (branches.ReachesExit(block))
                    {
                        return PathViolation.LeavesScope;
                    }

                    continue;
                }

                foreach (var (branch, destination) in branches.Followed(block))
                {
                    if (branches.Reads(block, branch))
                    {
                        continue;
                    }

                    if (branches.LeavesStreamScope(branch))
                    {
                        // Out of the local's scope (a `continue` past a loop body's using, say) the stream is gone,
                        // whatever the loop does next.
                        return PathViolation.LeavesScope;
                    }

                    if (!visited[destination.Ordinal])
                    {
                        visited[destination.Ordinal] = true;
                        work.Push((destination.Ordinal, 0));
                    }
                }
            }

            return PathViolation.None;
        }
    }
}
