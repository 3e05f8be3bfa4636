using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// Branches after which the stream needs nothing more: taken when a local holding it is null
    /// (<c>if (output is null) return;</c>, <c>output == null</c>, <c>output?.…</c>: there is no stream to read), or
    /// leaving a loop that reads it by a test on what those reads produced (it has been read to its end).
    /// </summary>
    internal sealed class SettledBranches
    {
        private static readonly ConditionalWeakTable<ControlFlowGraph, Dictionary<CaptureId, IOperation>> CapturesByGraph =
            new ConditionalWeakTable<ControlFlowGraph, Dictionary<CaptureId, IOperation>>();

        private readonly ConsumptionFacts _facts;
        private readonly Dictionary<CaptureId, IOperation> _captures;
        private readonly SyntaxNode[] _readLoops;
        private readonly ReadResults _readResults;
        private readonly Dictionary<(int Block, bool Conditional), bool> _endsReadLoop = new Dictionary<(int, bool), bool>();

        private readonly CancellationToken _cancellationToken;
        private readonly FlagLocals _flags;

        public SettledBranches(ControlFlowGraph graph, ConsumptionFacts facts, FlagLocals flags, CancellationToken cancellationToken)
        {
            _facts = facts;
            _flags = flags;
            _cancellationToken = cancellationToken;
            _readLoops = facts.ReadLoops.Values.Distinct().ToArray();
            _captures = CapturesByGraph.GetValue(graph, Captures);
            _readResults = new ReadResults(graph, facts, cancellationToken);
        }

        /// <summary>What each flow capture of the graph holds: `output?.X()` tests a capture of the local, not the local itself.</summary>
        private static Dictionary<CaptureId, IOperation> Captures(ControlFlowGraph graph)
        {
            var captures = new Dictionary<CaptureId, IOperation>();
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    if (operation is IFlowCaptureOperation capture)
                    {
                        captures[capture.Id] = capture.Value;
                    }
                }
            }

            return captures;
        }

        /// <summary>
        /// A branch out of a loop that reads the stream, taken on a test that depends on what a read of the stream
        /// produced (a null line, <c>EOF</c>, a count of 0, <c>EndOfStream</c>), whatever else the branch does before
        /// it leaves the loop: the stream has been read to its end. Any other way out (a timeout, cancellation, a
        /// counter) leaves it unread. End of data is data: the test is found by following values, not by its words.
        /// </summary>
        public bool EndsReadLoop(BasicBlock block, ControlFlowBranch branch)
        {
            if (_readLoops.Length == 0 || block.BranchValue is not { } condition || branch.Destination is null)
            {
                return false;
            }

            var key = (block.Ordinal, branch == block.ConditionalSuccessor);
            if (!_endsReadLoop.TryGetValue(key, out var ends))
            {
                ends = _readResults.DependsOnRead(condition) && _readLoops.Any(loop => loop.Span.Contains(condition.Syntax.Span) && LeavesLoop(block, branch, loop, _flags, _cancellationToken));
                _endsReadLoop[key] = ends;
            }

            return ends;
        }

        /// <summary>
        /// Whether every way on from the branch leaves the loop before it comes back to the test: the branch is the
        /// loop's way out, directly or after other statements (<c>if (r.EOF) { source.Cancel(); break; }</c>), or by a
        /// flag it sets (<c>if (r.EOF) { done = true; }</c> in a <c>while (!done)</c>: <see cref="FlagLocals"/>).
        /// </summary>
        private static bool LeavesLoop(BasicBlock test, ControlFlowBranch branch, SyntaxNode loop, FlagLocals flags, CancellationToken cancellationToken)
        {
            var visited = new HashSet<(BasicBlock, int)>();
            var work = new Stack<(BasicBlock Block, FlagState Flags)>();
            work.Push((branch.Destination!, FlagState.Unknown));
            var leaves = false;
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (block, state) = work.Pop();
                if (block == test)
                {
                    return false;
                }

                if (!visited.Add((block, state.Bits)))
                {
                    continue;
                }

                if (block.Kind == BasicBlockKind.Exit || !IsInside(block, loop))
                {
                    leaves = true;
                    continue;
                }

                var after = flags.After(block, 0, state);
                foreach (var next in flags.Successors(block, after))
                {
                    if (next.Semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return && next.Destination is { } destination)
                    {
                        work.Push((destination, after));
                    }
                }
            }

            return leaves;
        }

        /// <summary>Whether a block is part of the loop: its first code (past empty blocks) lies in the loop's span.</summary>
        private static bool IsInside(BasicBlock block, SyntaxNode loop)
        {
            for (var (current, steps) = (block, 0); current is not null && steps < 4; (current, steps) = (current.FallThroughSuccessor?.Destination, steps + 1))
            {
                if (current.Kind == BasicBlockKind.Exit)
                {
                    return false;
                }

                var first = current.Operations.Length > 0 ? current.Operations[0].Syntax : current.BranchValue?.Syntax;
                if (first is not null)
                {
                    return loop.Span.Contains(first.Span);
                }
            }

            return false;
        }

        public bool TakenWhenNull(BasicBlock block, ControlFlowBranch branch)
        {
            if (block.ConditionalSuccessor is not { } conditional || block.BranchValue is not { } condition || NullWhen(condition) is not { } nullWhen)
            {
                return false;
            }

            var whenTrue = (branch == conditional) == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
            return whenTrue == nullWhen;
        }

        /// <summary>For a condition that tests a stream local against null: whether it is true when the local is null.</summary>
        private bool? NullWhen(IOperation condition)
        {
            switch (condition)
            {
                case IIsNullOperation isNull when IsStreamLocal(isNull.Operand):
                    return true;
                case IIsPatternOperation isPattern when IsStreamLocal(isPattern.Value):
                    return isPattern.Pattern switch
                    {
                        IConstantPatternOperation constant when IsNull(constant.Value) => true,
                        INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => false,
                        IRecursivePatternOperation or ITypePatternOperation or IDeclarationPatternOperation => false,
                        _ => null,
                    };
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when (IsStreamLocal(binary.LeftOperand) && IsNull(binary.RightOperand)) || (IsStreamLocal(binary.RightOperand) && IsNull(binary.LeftOperand)):
                    return binary.OperatorKind == BinaryOperatorKind.Equals;
                default:
                    return null;
            }
        }

        private static bool IsNull(IOperation operation) =>
            OperationTree.SkipConversionsDown(operation).ConstantValue is { HasValue: true, Value: null };

        /// <summary>A reference to a local (or the summarized parameter) that holds the stream, directly or through the flow graph's capture of it.</summary>
        private bool IsStreamLocal(IOperation operation)
        {
            var value = OperationTree.SkipConversionsDown(operation);
            if (value is IFlowCaptureReferenceOperation reference && _captures.TryGetValue(reference.Id, out var captured))
            {
                value = OperationTree.SkipConversionsDown(captured);
            }

            return value switch
            {
                ILocalReferenceOperation local => _facts.Locals.Exists(tracked => SymbolEqualityComparer.Default.Equals(tracked.Local, local.Local)),
                IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, _facts.Parameter),
                _ => false,
            };
        }
    }
}
