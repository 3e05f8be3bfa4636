using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>What happens to the tracked stream at one operation of the flow graph.</summary>
    [Flags]
    internal enum PathMark : byte
    {
        None = 0,
        /// <summary>The Docker call that makes the stream (again, when met later on a path: a loop).</summary>
        Creation = 1,
        /// <summary>Settled: read to its end or handed on, the path owes it nothing more.</summary>
        Settled = 2,
        /// <summary>The only local holding it is assigned another value.</summary>
        Overwrite = 4,
        /// <summary>The exec is inspected (its exit code read).</summary>
        Inspect = 8,
    }

    /// <summary>
    /// The marks of one stream: one per operation of each block (the branch value last). Only blocks with a mark have an
    /// array of their own; the others share the graph's all-None arrays, so making the marks of a call costs its marks,
    /// not the size of the member.
    /// </summary>
    internal sealed class PathMarkSet
    {
        private readonly PathMark[][] _empty;
        private readonly SortedDictionary<int, PathMark[]> _marked = new SortedDictionary<int, PathMark[]>();

        public PathMarkSet(PathMark[][] empty) => _empty = empty;

        public PathMark[] this[int block] => _marked.TryGetValue(block, out var marks) ? marks : _empty[block];

        /// <summary>The blocks that have a mark, in order.</summary>
        public IEnumerable<int> MarkedBlocks => _marked.Keys;

        public void Add(int block, int index, PathMark mark)
        {
            if (!_marked.TryGetValue(block, out var marks))
            {
                _marked[block] = marks = new PathMark[_empty[block].Length];
            }

            marks[index] |= mark;
        }
    }

    /// <summary>
    /// Marks one stream's events in a flow graph. The graph's operations are rewritten
    /// copies of the original tree but keep its syntax, so marks are placed by syntax, through an index of the graph built
    /// once: a member with many Docker calls pays one walk of its graph, not one per call.
    /// </summary>
    internal static class PathMarks
    {
        /// <param name="lastRelevantBlock">
        /// The highest ordinal of a block where anything about this stream happens (a mark, a reference to a local that
        /// holds it), or <see cref="int.MaxValue"/> when that is not known (read loops, whose tests may lie elsewhere).
        /// A block from which only higher ordinals are reachable sees nothing more of the stream (<see cref="PathBranches"/>).
        /// </param>
        public static PathMarkSet Of(ControlFlowGraph graph, SyntaxNode? creation, ConsumptionFacts facts, bool isExec, CancellationToken cancellationToken, out int lastRelevantBlock)
        {
            var index = GraphIndex.Of(graph, cancellationToken);
            var marks = new PathMarkSet(index.Empty);
            var last = -1;
            if (creation is not null)
            {
                Mark(marks, index.At(creation, makersOnly: true), PathMark.Creation, ref last);
            }

            foreach (var site in facts.SettledSites)
            {
                // A read in a loop counts where the loop is left by a test on what it read (SettledBranches), not where it reads.
                if (!facts.ReadLoops.ContainsKey(site))
                {
                    Mark(marks, index.At(site), PathMark.Settled, ref last);
                }
            }

            foreach (var site in facts.OverwriteSites)
            {
                Mark(marks, index.At(site), PathMark.Overwrite, ref last);
            }

            if (isExec)
            {
                Mark(marks, index.ExecInspections, PathMark.Inspect, ref last);
            }

            lastRelevantBlock = LastRelevantBlock(last, index, facts);
            return marks;
        }

        /// <summary>
        /// Where the analysis of one stream may stop looking: the last block that marks it, names a local of it, or holds
        /// code of a loop that reads it (the test that ends such a loop at the end of the data lies inside the loop, so
        /// past the loop nothing can settle the stream any more). Computed from the stream's own loops, not from the
        /// member: a member with many streams read in loops costs each stream its loop, not a walk to the member's end.
        /// </summary>
        private static int LastRelevantBlock(int lastMarked, GraphIndex index, ConsumptionFacts facts)
        {
            if (facts.Parameter is not null)
            {
                return int.MaxValue;
            }

            var last = lastMarked;
            foreach (var loop in new HashSet<SyntaxNode>(facts.ReadLoops.Values))
            {
                foreach (var node in loop.DescendantNodesAndSelf())
                {
                    foreach (var (block, _) in index.At(node))
                    {
                        last = Math.Max(last, block);
                    }
                }
            }

            foreach (var local in facts.Locals)
            {
                foreach (var (block, _) in index.References(local.Local))
                {
                    last = Math.Max(last, block);
                }
            }

            return last;
        }

        /// <summary>The lowest block ordinal reachable from each block (itself included), for a graph; made once per graph.</summary>
        public static int[] LowestReachable(ControlFlowGraph graph, CancellationToken cancellationToken) => GraphIndex.Of(graph, cancellationToken).LowestReachable(cancellationToken);

        /// <summary>Whether a normal path leads from each block to the end of the function; made once per graph.</summary>
        public static bool[] ReachesExit(ControlFlowGraph graph, CancellationToken cancellationToken) => GraphIndex.Of(graph, cancellationToken).ReachesExit(cancellationToken);

        public static IOperation OperationAt(BasicBlock block, int index) =>
            index < block.Operations.Length ? block.Operations[index] : block.BranchValue!;

        /// <summary>The first mark in the graph that has <paramref name="wanted"/>, in block order.</summary>
        public static bool Find(PathMarkSet marks, PathMark wanted, out int block, out int index)
        {
            foreach (var marked in marks.MarkedBlocks)
            {
                block = marked;
                for (index = 0; index < marks[block].Length; index++)
                {
                    if ((marks[block][index] & wanted) != 0)
                    {
                        return true;
                    }
                }
            }

            block = index = -1;
            return false;
        }

        /// <summary>The first mark that matters for a path entering the block, read from its start.</summary>
        public static PathMark First(PathMark[] marks)
        {
            foreach (var mark in marks)
            {
                if ((mark & PathMark.Settled) != 0) return PathMark.Settled;
                if (mark != PathMark.None) return mark;
            }

            return PathMark.None;
        }

        /// <summary>Whether the block reads the stream before it makes another one (or makes none).</summary>
        public static bool SettledBeforeCreation(PathMark[] marks)
        {
            foreach (var mark in marks)
            {
                if ((mark & PathMark.Settled) != 0) return true;
                if ((mark & PathMark.Creation) != 0) return false;
            }

            return false;
        }

        public static bool Has(PathMark[] marks, PathMark wanted)
        {
            foreach (var mark in marks)
            {
                if ((mark & wanted) != 0) return true;
            }

            return false;
        }

        private static void Mark(PathMarkSet marks, IEnumerable<(int Block, int Index)> positions, PathMark mark, ref int last)
        {
            foreach (var (block, at) in positions)
            {
                last = Math.Max(last, block);
                marks.Add(block, at, mark);
            }
        }
    }
}
