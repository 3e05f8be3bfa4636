using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>Whether the Task a call returns is dropped, or awaited, blocked on, returned or handed on.</summary>
    internal static class TaskUse
    {
        /// <summary>True when nothing ever observes the task.</summary>
        public static bool IsDropped(IOperation call)
        {
            if (IsInExpressionTree(call))
            {
                // A mock setup describes the call; it never runs it.
                return false;
            }

            var task = StreamCallSite.TaskAsUsed(call);

            switch (task.Parent)
            {
                case IExpressionStatementOperation:
                    return true;
                case ISimpleAssignmentOperation { Target: IDiscardOperation } assignment when assignment.Value == task:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return !IsObserved(declarator.Symbol, OperationTree.FunctionOf(call));
                default:
                    // Awaited, returned, a lambda's result, an argument (Task.WhenAll, a retry policy), stored away.
                    return false;
            }
        }

        /// <summary>A task kept in a local is observed when any reference does more than read one of its status properties.</summary>
        private static bool IsObserved(ILocalSymbol local, IOperation function)
        {
            foreach (var operation in function.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsStatusRead(reference))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsStatusRead(ILocalReferenceOperation reference) =>
            reference.Parent is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "Status" or "IsFaulted" or "IsCanceled" or "Id" } property
            && property.Instance == reference;

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
