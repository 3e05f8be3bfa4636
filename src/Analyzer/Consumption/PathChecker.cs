using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Consumption
{
    /// <summary>How a path lets a completion stream go unread.</summary>
    internal enum PathViolation
    {
        None,
        /// <summary>A normal path reaches the end of the function with the stream unread.</summary>
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
    /// Path-sensitive half of the consumption analysis: walks the function's <see cref="ControlFlowGraph"/> forward from
    /// the point where the stream was made and asks whether every normal path reads it to its end (or hands it on)
    /// before the function ends. Paths that end in <c>throw</c> do not count; finally blocks are looked into for a drain.
    /// </summary>
    internal static class PathChecker
    {
        [System.Flags]
        private enum Mark : byte
        {
            None = 0,
            Creation = 1,
            Done = 2,
            Overwrite = 4,
            Inspect = 8,
        }

        public static PathViolation Check(ControlFlowGraph rootGraph, IOperation creation, ConsumptionFacts facts, bool isExec)
        {
            var graph = GraphContaining(rootGraph, creation);
            if (graph is null)
            {
                return PathViolation.Unknown;
            }

            var marks = MarkPositions(graph, creation.Syntax, facts, isExec);
            if (!Find(marks, Mark.Creation, out var startBlock, out var startIndex))
            {
                return PathViolation.Unknown;
            }

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
                for (var i = index; i < blockMarks.Length && !done; i++)
                {
                    var mark = blockMarks[i];
                    if ((mark & Mark.Done) != 0)
                    {
                        done = true;
                        break;
                    }

                    if (first && i == index)
                    {
                        continue;
                    }

                    if ((mark & Mark.Creation) != 0) return PathViolation.Replaced;
                    if ((mark & Mark.Overwrite) != 0) return PathViolation.Overwritten;
                    if ((mark & Mark.Inspect) != 0) return PathViolation.InspectedEarly;
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

                foreach (var branch in Successors(block))
                {
                    if (!IsNormal(branch.Semantics) || DrainsInFinally(branch, marks, graph))
                    {
                        continue;
                    }

                    if (branch.Destination is { } destination && !visited[destination.Ordinal])
                    {
                        visited[destination.Ordinal] = true;
                        work.Push((destination.Ordinal, 0));
                    }
                }
            }

            return PathViolation.None;
        }

        /// <summary>The branches a block can take; a constant condition (<c>while (true)</c>) takes only one of them.</summary>
        private static IEnumerable<ControlFlowBranch> Successors(BasicBlock block)
        {
            if (block.ConditionalSuccessor is { } conditional)
            {
                if (block.BranchValue?.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    var taken = constant == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                    var only = taken ? conditional : block.FallThroughSuccessor;
                    if (only is not null)
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

        private static bool IsNormal(ControlFlowBranchSemantics semantics) =>
            semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return;

        /// <summary>A drain in a finally block that this branch runs through counts for the path.</summary>
        private static bool DrainsInFinally(ControlFlowBranch branch, Mark[][] marks, ControlFlowGraph graph)
        {
            foreach (var region in branch.FinallyRegions)
            {
                for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
                {
                    foreach (var mark in marks[ordinal])
                    {
                        if ((mark & Mark.Done) != 0)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// One mark per operation of each block (the branch value last), found by syntax: the graph's operations are
        /// rewritten copies of the original tree, but keep its syntax.
        /// </summary>
        private static Mark[][] MarkPositions(ControlFlowGraph graph, SyntaxNode creation, ConsumptionFacts facts, bool isExec)
        {
            var marks = new Mark[graph.Blocks.Length][];
            foreach (var block in graph.Blocks)
            {
                var count = block.Operations.Length + (block.BranchValue is null ? 0 : 1);
                var blockMarks = new Mark[count];
                for (var i = 0; i < count; i++)
                {
                    var root = i < block.Operations.Length ? block.Operations[i] : block.BranchValue!;
                    foreach (var operation in root.DescendantsAndSelf())
                    {
                        var syntax = operation.Syntax;
                        // A flow capture reference repeats the syntax of the value it captured; only the call itself makes a stream.
                        if (syntax == creation && operation is not IFlowCaptureReferenceOperation) blockMarks[i] |= Mark.Creation;
                        if (facts.DoneSites.Contains(syntax)) blockMarks[i] |= Mark.Done;
                        if (facts.OverwriteSites.Contains(syntax)) blockMarks[i] |= Mark.Overwrite;
                        if (isExec && operation is IInvocationOperation invocation && ApiCatalogue.IsExecInspect(invocation.TargetMethod))
                        {
                            blockMarks[i] |= Mark.Inspect;
                        }
                    }
                }

                marks[block.Ordinal] = blockMarks;
            }

            return marks;
        }

        private static bool Find(Mark[][] marks, Mark wanted, out int block, out int index)
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

        /// <summary>The graph of the innermost lambda or local function around <paramref name="operation"/>.</summary>
        private static ControlFlowGraph? GraphContaining(ControlFlowGraph root, IOperation operation)
        {
            var functions = new Stack<IOperation>();
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    functions.Push(current);
                }
            }

            var graph = root;
            while (functions.Count > 0)
            {
                var function = functions.Pop();
                if (function is ILocalFunctionOperation localFunction)
                {
                    graph = graph.GetLocalFunctionControlFlowGraphInScope(localFunction.Symbol);
                    continue;
                }

                var flow = FindFlowFunction(graph, ((IAnonymousFunctionOperation)function).Symbol);
                if (flow is null)
                {
                    return null;
                }

                graph = graph.GetAnonymousFunctionControlFlowGraphInScope(flow);
            }

            return graph;
        }

        private static IFlowAnonymousFunctionOperation? FindFlowFunction(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var root in block.Operations)
                {
                    if (FindIn(root, symbol) is { } found) return found;
                }

                if (block.BranchValue is { } branchValue && FindIn(branchValue, symbol) is { } inBranch) return inBranch;
            }

            return null;
        }

        private static IFlowAnonymousFunctionOperation? FindIn(IOperation root, IMethodSymbol symbol)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (operation is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, symbol))
                {
                    return flow;
                }
            }

            return null;
        }
    }
}
