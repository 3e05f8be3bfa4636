using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// The values in a flow graph that a read of the tracked stream produced: the read itself, and every local and flow
    /// capture assigned from it, directly or through other such values (<c>n = await s.ReadAsync(…)</c>,
    /// <c>var r = await m.ReadOutputAsync(…)</c>, <c>line = reader.ReadLine()</c>, <c>… is { } line</c>). A loop test that
    /// depends on one of them tests what the stream had left; <c>i &lt; 1</c> does not, whatever its constant.
    /// </summary>
    internal sealed class ReadResults
    {
        private readonly HashSet<SyntaxNode> _reads;
        private readonly HashSet<ILocalSymbol> _locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<CaptureId> _captures = new HashSet<CaptureId>();

        public ReadResults(ControlFlowGraph graph, ConsumptionFacts facts, CancellationToken cancellationToken)
        {
            _reads = new HashSet<SyntaxNode>(facts.ReadLoops.Keys);
            if (_reads.Count == 0)
            {
                return;
            }

            // Flow-insensitive and to a fixed point: a value derived from a derived value is derived too. Each pass can
            // only add, and there are finitely many locals and captures.
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var block in graph.Blocks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var root in block.Operations)
                    {
                        changed |= Propagate(root);
                    }

                    if (block.BranchValue is { } branchValue)
                    {
                        changed |= Propagate(branchValue);
                    }
                }
            }
        }

        /// <summary>Whether <paramref name="operation"/> reads the stream or uses a value such a read produced.</summary>
        public bool DependsOnRead(IOperation operation)
        {
            if (_reads.Count == 0)
            {
                return false;
            }

            foreach (var part in operation.DescendantsAndSelf())
            {
                if (IsReadResult(part))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsReadResult(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => _locals.Contains(local.Local),
            IFlowCaptureReferenceOperation capture => _captures.Contains(capture.Id),
            // The read itself (the graph keeps the syntax of the code it was made from).
            IInvocationOperation or IPropertyReferenceOperation => _reads.Contains(operation.Syntax),
            _ => false,
        };

        private bool Propagate(IOperation root)
        {
            var changed = false;
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IFlowCaptureOperation capture when !_captures.Contains(capture.Id) && DependsOnRead(capture.Value):
                        changed |= _captures.Add(capture.Id);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when !_locals.Contains(target.Local) && DependsOnRead(assignment.Value):
                        changed |= _locals.Add(target.Local);
                        break;
                    case IIsPatternOperation isPattern when DependsOnRead(isPattern.Value):
                        foreach (var pattern in isPattern.Pattern.DescendantsAndSelf())
                        {
                            var declared = pattern switch
                            {
                                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                                IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                                _ => null,
                            };
                            if (declared is ILocalSymbol local)
                            {
                                changed |= _locals.Add(local);
                            }
                        }

                        break;
                }
            }

            return changed;
        }
    }
}
