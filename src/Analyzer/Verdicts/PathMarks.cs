using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
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
        /// <summary>Read to its end or handed on: the path needs nothing more.</summary>
        Done = 2,
        /// <summary>The only local holding it is assigned another value.</summary>
        Overwrite = 4,
        /// <summary>The exec is inspected (its exit code read).</summary>
        Inspect = 8,
    }

    /// <summary>
    /// One mark per operation of each block of a flow graph (the branch value last). The graph's operations are rewritten
    /// copies of the original tree but keep its syntax, so marks are placed by syntax, through an index of the graph built
    /// once: a member with many Docker calls pays one walk of its graph, not one per call.
    /// </summary>
    internal static class PathMarks
    {
        public static PathMark[][] Of(ControlFlowGraph graph, SyntaxNode? creation, ConsumptionFacts facts, bool isExec)
        {
            var index = GraphIndex.Of(graph);
            // Blocks without a mark share the index's empty arrays; a block gets its own array at its first mark.
            var marks = (PathMark[][])index.Empty.Clone();
            if (creation is not null)
            {
                Mark(marks, index, index.Makes(creation), PathMark.Creation);
            }

            foreach (var site in facts.ReadOrHandedOnSites)
            {
                // A read in a loop counts where the loop is left by a test on what it read (SettledBranches), not where it reads.
                if (!facts.ReadLoops.ContainsKey(site))
                {
                    Mark(marks, index, index.At(site), PathMark.Done);
                }
            }

            foreach (var site in facts.OverwriteSites)
            {
                Mark(marks, index, index.At(site), PathMark.Overwrite);
            }

            if (isExec)
            {
                Mark(marks, index, index.ExecInspections, PathMark.Inspect);
            }

            return marks;
        }

        public static IOperation OperationAt(BasicBlock block, int index) =>
            index < block.Operations.Length ? block.Operations[index] : block.BranchValue!;

        /// <summary>The first mark in the graph that has <paramref name="wanted"/>, in block order.</summary>
        public static bool Find(PathMark[][] marks, PathMark wanted, out int block, out int index)
        {
            for (block = 0; block < marks.Length; block++)
            {
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
                if ((mark & PathMark.Done) != 0) return PathMark.Done;
                if (mark != PathMark.None) return mark;
            }

            return PathMark.None;
        }

        /// <summary>Whether the block reads the stream before it makes another one (or makes none).</summary>
        public static bool DoneBeforeCreation(PathMark[] marks)
        {
            foreach (var mark in marks)
            {
                if ((mark & PathMark.Done) != 0) return true;
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

        private static void Mark(PathMark[][] marks, GraphIndex index, List<(int Block, int Index)> positions, PathMark mark)
        {
            foreach (var (block, at) in positions)
            {
                if (ReferenceEquals(marks[block], index.Empty[block]))
                {
                    marks[block] = new PathMark[index.Empty[block].Length];
                }

                marks[block][at] |= mark;
            }
        }

        /// <summary>Where each piece of syntax stands in a graph, and where an exec is inspected; kept while the graph lives.</summary>
        private sealed class GraphIndex
        {
            private static readonly ConditionalWeakTable<ControlFlowGraph, GraphIndex> Cache = new ConditionalWeakTable<ControlFlowGraph, GraphIndex>();
            private static readonly List<(int, int)> Nowhere = new List<(int, int)>();

            private readonly Dictionary<SyntaxNode, List<(int, int)>> _positions = new Dictionary<SyntaxNode, List<(int, int)>>();

            /// <summary>The same, without flow capture references (they repeat the syntax of the value they captured).</summary>
            private readonly Dictionary<SyntaxNode, List<(int, int)>> _makers = new Dictionary<SyntaxNode, List<(int, int)>>();

            private GraphIndex(ControlFlowGraph graph)
            {
                Empty = new PathMark[graph.Blocks.Length][];
                foreach (var block in graph.Blocks)
                {
                    var count = block.Operations.Length + (block.BranchValue is null ? 0 : 1);
                    Empty[block.Ordinal] = new PathMark[count];
                    for (var i = 0; i < count; i++)
                    {
                        foreach (var operation in OperationAt(block, i).DescendantsAndSelf())
                        {
                            var position = (block.Ordinal, i);
                            Add(_positions, operation.Syntax, position);
                            if (operation is not IFlowCaptureReferenceOperation)
                            {
                                Add(_makers, operation.Syntax, position);
                            }

                            if (operation is IInvocationOperation invocation && ApiCatalogue.IsExecInspect(invocation.TargetMethod))
                            {
                                ExecInspections.Add(position);
                            }
                        }
                    }
                }
            }

            /// <summary>An all-None array of marks per block, never written.</summary>
            public PathMark[][] Empty { get; }

            public List<(int Block, int Index)> ExecInspections { get; } = new List<(int, int)>();

            public static GraphIndex Of(ControlFlowGraph graph) => Cache.GetValue(graph, g => new GraphIndex(g));

            public List<(int Block, int Index)> At(SyntaxNode syntax) => _positions.TryGetValue(syntax, out var list) ? list : Nowhere;

            public List<(int Block, int Index)> Makes(SyntaxNode syntax) => _makers.TryGetValue(syntax, out var list) ? list : Nowhere;

            private static void Add(Dictionary<SyntaxNode, List<(int, int)>> map, SyntaxNode syntax, (int, int) position)
            {
                if (!map.TryGetValue(syntax, out var list))
                {
                    map[syntax] = list = new List<(int, int)>();
                }

                if (list.Count == 0 || list[list.Count - 1] != position)
                {
                    list.Add(position);
                }
            }
        }
    }
}
