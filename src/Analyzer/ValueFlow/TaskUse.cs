using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// The Task a Docker call returns, as the code uses it: where it stands (the call, or its <c>ConfigureAwait(…)</c>),
    /// whether it is discarded or observed (awaited, blocked on, returned, handed on), and which of its members only read
    /// its status. The one answer to each of these for every rule and verdict.
    /// </summary>
    internal static class TaskUse
    {
        /// <summary>
        /// The members of a Task that only say where it stands: reading them neither waits for the job nor takes its
        /// result or its failure.
        /// </summary>
        private static readonly string[] StatusMembers = { "IsCompleted", "IsCompletedSuccessfully", "IsFaulted", "IsCanceled", "Status", "Id" };

        /// <summary>The task of a call as the code goes on to use it: the call itself, or its <c>ConfigureAwait(…)</c>.</summary>
        public static IOperation AsUsed(IOperation call)
        {
            var current = OperationTree.SkipConversions(call);
            if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
            {
                current = OperationTree.SkipConversions(configure);
            }

            return current;
        }

        /// <summary>Whether <paramref name="use"/> (a reference to a task) only reads one of its status members.</summary>
        public static bool OnlyReadsStatus(IOperation use) =>
            use.Parent is IPropertyReferenceOperation property && property.Instance == use && System.Array.IndexOf(StatusMembers, property.Property.Name) >= 0;

        /// <summary>True when nothing ever observes the task.</summary>
        public static bool IsDiscarded(IOperation call, WalkContext walk)
        {
            if (IsInExpressionTree(call))
            {
                // A mock setup describes the call; it never runs it.
                return false;
            }

            var task = AsUsed(call);

            switch (task.Parent)
            {
                case IExpressionStatementOperation:
                    return true;
                case ISimpleAssignmentOperation { Target: IDiscardOperation } assignment when assignment.Value == task:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    // A name being typed as an argument after it (`Task.WhenAll(pul`) may be this task's: not known yet.
                    return !IsObserved(declarator.Symbol, OperationTree.FunctionOf(call), walk)
                        && !(call.SemanticModel is { } model
                            && TypedNames.MayName(OperationTree.FunctionOf(call), declarator.Symbol, declarator.Syntax.SpanStart, model.Compilation, walk));
                default:
                    // Awaited, returned, a lambda's result, an argument (Task.WhenAll, a retry policy), stored away.
                    return false;
            }
        }

        /// <summary>A task kept in a local is observed when any reference does more than read one of its status properties.</summary>
        private static bool IsObserved(ILocalSymbol local, IOperation function, WalkContext walk)
        {
            foreach (var operation in function.DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !OnlyReadsStatus(reference))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInExpressionTree(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation && current.Parent is IConversionOperation conversion
                    && IsExpressionType(conversion.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsExpressionType(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (t.Name == "LambdaExpression" && t.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
