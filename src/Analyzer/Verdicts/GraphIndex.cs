using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts
{
    /// <summary>Where each piece of syntax stands in a graph, where an exec is inspected and whether its state is polled; kept while the graph lives.</summary>
    internal sealed class GraphIndex
    {
        private static readonly ConditionalWeakTable<ControlFlowGraph, GraphIndex> Cache = new ConditionalWeakTable<ControlFlowGraph, GraphIndex>();
        private static readonly List<(int, int)> Nowhere = new List<(int, int)>();

        /// <summary>
        /// Each piece of syntax's first entry in <see cref="_entries"/>; an entry links to the next one of the same
        /// syntax. One dictionary entry per node and no list per node: most nodes stand at one place only.
        /// </summary>
        private readonly Dictionary<SyntaxNode, int> _firstEntry = new Dictionary<SyntaxNode, int>();
        private readonly List<Entry> _entries = new List<Entry>();

        private readonly Dictionary<ILocalSymbol, List<(int, int)>> _references = new Dictionary<ILocalSymbol, List<(int, int)>>(SymbolEqualityComparer.Default);
        private readonly ControlFlowGraph _graph;
        private int[]? _lowestReachable;
        private bool[]? _reachesExit;

        private readonly struct Entry
        {
            public Entry(int block, int index, bool isCaptureReference, int next)
            {
                Block = block;
                Index = index;
                IsCaptureReference = isCaptureReference;
                Next = next;
            }

            public int Block { get; }

            public int Index { get; }

            /// <summary>A flow capture reference repeats the syntax of the value it captured: it does not make that value.</summary>
            public bool IsCaptureReference { get; }

            public int Next { get; }
        }

        private GraphIndex(ControlFlowGraph graph, CancellationToken cancellationToken)
        {
            _graph = graph;
            Empty = new PathMark[graph.Blocks.Length][];
            foreach (var block in graph.Blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = block.Operations.Length + (block.BranchValue is null ? 0 : 1);
                Empty[block.Ordinal] = new PathMark[count];
                for (var i = 0; i < count; i++)
                {
                    foreach (var operation in PathMarks.OperationAt(block, i).DescendantsAndSelf())
                    {
                        var position = (block.Ordinal, i);
                        Add(operation.Syntax, position, operation is IFlowCaptureReferenceOperation);

                        if (operation is IInvocationOperation invocation && ApiCatalogue.IsExecInspect(invocation.TargetMethod))
                        {
                            ExecInspections.Add(position);
                        }

                        if ((operation is IPropertyReferenceOperation property && ApiCatalogue.IsExecRunningState(property.Property))
                            || (operation is IInvalidOperation invalid && ApiCatalogue.MayBeExecRunningState(invalid)))
                        {
                            PollsExecState = true;
                        }

                        if (operation is ILocalReferenceOperation reference)
                        {
                            if (!_references.TryGetValue(reference.Local, out var list))
                            {
                                _references[reference.Local] = list = new List<(int, int)>();
                            }

                            list.Add(position);
                        }
                    }
                }
            }
        }

        /// <summary>An all-None array of marks per block, never written.</summary>
        public PathMark[][] Empty { get; }

        public List<(int Block, int Index)> ExecInspections { get; } = new List<(int, int)>();

        /// <summary>
        /// Whether the graph reads an exec inspection's running state (it polls an exec until the exec ends), or may:
        /// a <c>.Running</c> that does not bind yet counts, so that half-typed code says no more than the finished code.
        /// </summary>
        public bool PollsExecState { get; }

        public static GraphIndex Of(ControlFlowGraph graph, CancellationToken cancellationToken) => Cache.GetValue(graph, g => new GraphIndex(g, cancellationToken));

        /// <summary>Where operations with this syntax stand (one place once, however many nested operations share it).</summary>
        public IEnumerable<(int Block, int Index)> At(SyntaxNode syntax, bool makersOnly = false)
        {
            var last = (-1, -1);
            for (var at = _firstEntry.TryGetValue(syntax, out var first) ? first : -1; at >= 0; at = _entries[at].Next)
            {
                var entry = _entries[at];
                if ((makersOnly && entry.IsCaptureReference) || (entry.Block, entry.Index) == last)
                {
                    continue;
                }

                last = (entry.Block, entry.Index);
                yield return last;
            }
        }

        public List<(int Block, int Index)> References(ILocalSymbol local) => _references.TryGetValue(local, out var list) ? list : Nowhere;

        /// <summary>
        /// The lowest ordinal reachable from each block over any branch, to a fixed point: a loop's back edge lowers
        /// every block of the loop. Made on first use; a race makes the same array twice.
        /// </summary>
        public int[] LowestReachable(CancellationToken cancellationToken) => _lowestReachable ??= ComputeLowestReachable(cancellationToken);

        public bool[] ReachesExit(CancellationToken cancellationToken) => _reachesExit ??= ComputeReachesExit(cancellationToken);

        private int[] ComputeLowestReachable(CancellationToken cancellationToken)
        {
            var blocks = _graph.Blocks;
            var lowest = new int[blocks.Length];
            for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
            {
                lowest[ordinal] = ordinal;
            }

            for (var changed = true; changed;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                changed = false;
                for (var ordinal = blocks.Length - 1; ordinal >= 0; ordinal--)
                {
                    changed |= Lower(lowest, ordinal, blocks[ordinal].ConditionalSuccessor);
                    changed |= Lower(lowest, ordinal, blocks[ordinal].FallThroughSuccessor);
                }
            }

            return lowest;
        }

        private static bool Lower(int[] lowest, int ordinal, ControlFlowBranch? branch)
        {
            if (branch?.Destination is { } destination && lowest[destination.Ordinal] < lowest[ordinal])
            {
                lowest[ordinal] = lowest[destination.Ordinal];
                return true;
            }

            return false;
        }

        private bool[] ComputeReachesExit(CancellationToken cancellationToken)
        {
            var blocks = _graph.Blocks;
            var reaches = new bool[blocks.Length];
            var work = new Stack<BasicBlock>();
            foreach (var block in blocks)
            {
                if (block.Kind == BasicBlockKind.Exit)
                {
                    reaches[block.Ordinal] = true;
                    work.Push(block);
                }
            }

            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var branch in work.Pop().Predecessors)
                {
                    if (branch.Semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return
                        && branch.Source is { } source && !reaches[source.Ordinal])
                    {
                        reaches[source.Ordinal] = true;
                        work.Push(source);
                    }
                }
            }

            return reaches;
        }

        private void Add(SyntaxNode syntax, (int Block, int Index) position, bool isCaptureReference)
        {
            var next = _firstEntry.TryGetValue(syntax, out var first) ? first : -1;
            _firstEntry[syntax] = _entries.Count;
            _entries.Add(new Entry(position.Block, position.Index, isCaptureReference, next));
        }
    }
}
