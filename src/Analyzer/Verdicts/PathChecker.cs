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

            if (isExec && GraphIndex.Of(graph, cancellationToken).PollsExecState)
            {
                // The function waits for an exec by polling its running state (docs/design.md, "Polled execs"): an exit
                // code read once the exec is no longer running is final, and the poll's give-up path is the code's own
                // choice. Which exec is polled, and whether the exit code is read only after it ended, is not followed:
                // nothing here is proven a race.
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var marks = PathMarks.Of(graph, creation.Syntax, facts, isExec, cancellationToken, out var lastRelevantBlock);
            if (!PathMarks.Find(marks, PathMark.Creation, out var startBlock, out var startIndex))
            {
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var branches = new PathBranches(graph, marks, facts, lastRelevantBlock, cancellationToken);
            var violation = FindViolation(graph, marks, branches, startBlock, startIndex, creation.Syntax);
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
            return FindViolation(graph, marks, new PathBranches(graph, marks, facts, lastRelevantBlock, cancellationToken), startBlock: 0, startIndex: 0, start: null) == PathViolation.None;
        }

        /// <summary>The first violation on some normal path from the stream's creation, or None.</summary>
        /// <param name="start">Where the walk starts (the creation), for what the path knows of the graph's flags there.</param>
        private static PathViolation FindViolation(ControlFlowGraph graph, PathMarkSet marks, PathBranches branches, int startBlock, int startIndex, SyntaxNode? start)
        {
            var blocks = graph.Blocks;
            // A block is visited once per state of the graph's flags (FlagLocals): `while (!done)` is entered when done is
            // known false and left when it is known true, so the two arrivals take different ways.
            var visited = new HashSet<(int Block, int Flags)>();
            var work = new Stack<(int Block, int Index, FlagState Flags)>();
            work.Push((startBlock, startIndex, branches.Flags.At(start)));
            var first = true;

            while (work.Count > 0)
            {
                var (blockOrdinal, index, flags) = work.Pop();
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

                var after = branches.Flags.After(block, index, flags);
                foreach (var (branch, destination) in branches.Followed(block, after))
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

                    if (visited.Add((destination.Ordinal, after.Bits)))
                    {
                        work.Push((destination.Ordinal, 0, after));
                    }
                }
            }

            return PathViolation.None;
        }
    }
}
