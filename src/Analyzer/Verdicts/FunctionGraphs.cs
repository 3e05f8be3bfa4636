using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Verdicts
{
    /// <summary>Finds, in the flow graph of a whole member, the graph of the lambda or local function that holds an operation.</summary>
    internal static class FunctionGraphs
    {
        /// <summary>The graph of the innermost lambda or local function around <paramref name="operation"/>.</summary>
        public static ControlFlowGraph? Containing(ControlFlowGraph root, IOperation operation, CancellationToken cancellationToken)
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
                    graph = graph.GetLocalFunctionControlFlowGraphInScope(localFunction.Symbol, cancellationToken);
                    continue;
                }

                var flow = FindFlowFunction(graph, ((IAnonymousFunctionOperation)function).Symbol);
                if (flow is null)
                {
                    return null;
                }

                graph = graph.GetAnonymousFunctionControlFlowGraphInScope(flow, cancellationToken);
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
