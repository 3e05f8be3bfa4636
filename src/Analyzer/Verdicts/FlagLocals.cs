using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// What the walks know of a path's flags: for each flag local of the graph, unknown, false or true (two bits each).
    /// </summary>
    internal readonly struct FlagState
    {
        public FlagState(int bits) => Bits = bits;

        /// <summary>Nothing is known of any flag.</summary>
        public static FlagState Unknown => default;

        public int Bits { get; }

        public bool? Of(int flag) => ((Bits >> (2 * flag)) & 3) switch
        {
            1 => false,
            2 => true,
            _ => null,
        };

        public FlagState With(int flag, bool value) => new FlagState((Bits & ~(3 << (2 * flag))) | ((value ? 2 : 1) << (2 * flag)));
    }

    /// <summary>
    /// The boolean locals of a function that only ever hold constants (<c>var done = false; … done = true;</c>): every
    /// write assigns a constant, and nothing else can change them (no compound assignment, no ref, no capture). A path
    /// that assigned one knows its value, so a test of it takes one way only, as a constant condition does: a
    /// <c>while (!done)</c> entered with <c>done</c> false is entered, and after <c>done = true</c> it is left. Any other
    /// local stays unknown and its tests take both ways. Made once per graph.
    /// </summary>
    internal sealed class FlagLocals
    {
        /// <summary>How many flags a graph's paths track: two bits each in a <see cref="FlagState"/>.</summary>
        private const int MaxFlags = 8;

        private static readonly ConditionalWeakTable<ControlFlowGraph, FlagLocals> Cache = new ConditionalWeakTable<ControlFlowGraph, FlagLocals>();

        private readonly List<ILocalSymbol> _flags = new List<ILocalSymbol>();
        private readonly Dictionary<int, List<(int Index, int Flag, bool Value)>> _writes = new Dictionary<int, List<(int, int, bool)>>();
        private readonly Dictionary<ILocalSymbol, (SyntaxNode Declaration, bool Initial, List<SyntaxNode> Writes)> _declarations =
            new Dictionary<ILocalSymbol, (SyntaxNode, bool, List<SyntaxNode>)>(SymbolEqualityComparer.Default);

        private FlagLocals(ControlFlowGraph graph, CancellationToken cancellationToken)
        {
            FindFlags(graph.OriginalOperation, cancellationToken);
            if (_flags.Count == 0)
            {
                return;
            }

            foreach (var block in graph.Blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var index = 0; index < block.Operations.Length; index++)
                {
                    foreach (var operation in block.Operations[index].DescendantsAndSelf())
                    {
                        if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                            && IndexOf(target.Local) is var flag and >= 0
                            && assignment.Value.ConstantValue is { HasValue: true, Value: bool value })
                        {
                            if (!_writes.TryGetValue(block.Ordinal, out var writes))
                            {
                                _writes[block.Ordinal] = writes = new List<(int, int, bool)>();
                            }

                            writes.Add((index, flag, value));
                        }
                    }
                }
            }
        }

        public static FlagLocals Of(ControlFlowGraph graph, CancellationToken cancellationToken) =>
            Cache.GetValue(graph, g => new FlagLocals(g, cancellationToken));

        /// <summary>
        /// What a path starting at <paramref name="start"/> knows: a flag declared before it with a constant, and written
        /// nowhere else before it and in no loop around it that does not also run the declaration, holds its initial value.
        /// </summary>
        public FlagState At(SyntaxNode? start)
        {
            var state = FlagState.Unknown;
            if (start is null)
            {
                return state;
            }

            for (var flag = 0; flag < _flags.Count; flag++)
            {
                var (declaration, initial, writes) = _declarations[_flags[flag]];
                if (declaration.SpanStart < start.SpanStart
                    && !writes.Exists(write => write.SpanStart < start.SpanStart)
                    && !InLoopWithout(start, declaration))
                {
                    state = state.With(flag, initial);
                }
            }

            return state;
        }

        /// <summary>The state after the flag writes of <paramref name="block"/> from operation <paramref name="from"/> on.</summary>
        public FlagState After(BasicBlock block, int from, FlagState state)
        {
            if (_writes.TryGetValue(block.Ordinal, out var writes))
            {
                foreach (var (index, flag, value) in writes)
                {
                    if (index >= from)
                    {
                        state = state.With(flag, value);
                    }
                }
            }

            return state;
        }

        /// <summary>The branches a block can take on a path with <paramref name="state"/>: one where its test is decided by known flags.</summary>
        public IEnumerable<ControlFlowBranch> Successors(BasicBlock block, FlagState state)
        {
            if (_flags.Count > 0 && block.ConditionalSuccessor is not null && block.BranchValue is { } condition
                && Evaluate(condition, state) is { } value)
            {
                if (PathBranches.OnlyWay(block, value) is { } only)
                {
                    yield return only;
                }

                yield break;
            }

            foreach (var branch in PathBranches.Successors(block))
            {
                yield return branch;
            }
        }

        /// <summary>The value of a test made of flags (<c>done</c>, <c>!done</c>, <c>done == false</c>), or null.</summary>
        private bool? Evaluate(IOperation condition, FlagState state)
        {
            var value = OperationTree.SkipConversionsDown(condition);
            switch (value)
            {
                case ILocalReferenceOperation local when IndexOf(local.Local) is var flag and >= 0:
                    return state.Of(flag);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Evaluate(not.Operand, state) is { } operand ? !operand : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    var left = binary.LeftOperand.ConstantValue is { HasValue: true, Value: bool leftConstant } ? leftConstant : Evaluate(binary.LeftOperand, state);
                    var right = binary.RightOperand.ConstantValue is { HasValue: true, Value: bool rightConstant } ? rightConstant : Evaluate(binary.RightOperand, state);
                    return left is { } l && right is { } r ? (l == r) == (binary.OperatorKind == BinaryOperatorKind.Equals) : null;
                default:
                    return null;
            }
        }

        private int IndexOf(ILocalSymbol local)
        {
            for (var i = 0; i < _flags.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(_flags[i], local))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The boolean locals of the function that only ever hold constants. The function is the graph's original
        /// operation: the member's body, or the lambda or local function itself for their own graphs, so a flag declared
        /// in a lambda is followed in the lambda's graph; one that a nested function uses is not a flag of either.
        /// </summary>
        private void FindFlags(IOperation function, CancellationToken cancellationToken)
        {
            var candidates = new Dictionary<ILocalSymbol, (SyntaxNode Declaration, bool Initial, List<SyntaxNode> Writes)>(SymbolEqualityComparer.Default);
            var disqualified = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in function.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Symbol: { Type.SpecialType: SpecialType.System_Boolean } local } declarator:
                        if (declarator.Initializer?.Value.ConstantValue is { HasValue: true, Value: bool initial } && OperationTree.FunctionOf(declarator) == function)
                        {
                            candidates[local] = (declarator.Syntax, initial, new List<SyntaxNode>());
                        }
                        else
                        {
                            disqualified.Add(local);
                        }

                        break;
                    case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } reference when !reference.IsDeclaration:
                        if (OperationTree.FunctionOf(reference) != function)
                        {
                            // Used by a lambda or local function: it may be written when that runs.
                            disqualified.Add(reference.Local);
                        }
                        else if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                        {
                            if (assignment.Value.ConstantValue is { HasValue: true, Value: bool } && candidates.TryGetValue(reference.Local, out var known))
                            {
                                known.Writes.Add(assignment.Syntax);
                            }
                            else
                            {
                                disqualified.Add(reference.Local);
                            }
                        }
                        else if (reference.Parent is ICompoundAssignmentOperation or IDeconstructionAssignmentOperation or ITupleOperation
                            or IArgumentOperation { Parameter.RefKind: not RefKind.None })
                        {
                            disqualified.Add(reference.Local);
                        }

                        break;
                }
            }

            foreach (var pair in candidates)
            {
                if (!disqualified.Contains(pair.Key) && _flags.Count < MaxFlags)
                {
                    _flags.Add(pair.Key);
                    _declarations[pair.Key] = pair.Value;
                }
            }
        }

        /// <summary>Whether a loop statement contains <paramref name="start"/> but not <paramref name="declaration"/>.</summary>
        private static bool InLoopWithout(SyntaxNode start, SyntaxNode declaration)
        {
            for (var node = start.Parent; node is not null; node = node.Parent)
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
                    && !node.Span.Contains(declaration.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
