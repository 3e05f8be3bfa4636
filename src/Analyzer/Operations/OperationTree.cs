using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Operations
{
    /// <summary>Where an operation stands in its tree: the walks every part of the analysis shares.</summary>
    internal static class OperationTree
    {
        /// <summary>The body a value lives in: the innermost lambda or local function around it, or the whole member's root.</summary>
        public static IOperation FunctionOf(IOperation operation)
        {
            var current = operation;
            while (current.Parent is not null)
            {
                if (current.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current.Parent;
                }

                current = current.Parent;
            }

            return current;
        }

        /// <summary>Whether <paramref name="local"/> belongs to <paramref name="function"/> (from <see cref="FunctionOf"/>), not to a function around it.</summary>
        public static bool DeclaresLocal(IOperation function, ILocalSymbol local)
        {
            var owner = function switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation localFunction => localFunction.Symbol,
                _ => null,
            };
            return owner is null
                ? local.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }
                : SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, owner);
        }

        /// <summary>The root of the member's operation tree (the same for every call of one member).</summary>
        public static IOperation RootOf(IOperation operation)
        {
            var root = operation;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            return root;
        }

        /// <summary>The operation itself or the implicit conversions around it: what its parent sees.</summary>
        public static IOperation SkipConversions(IOperation operation)
        {
            var current = operation;
            while (current.Parent is IConversionOperation conversion && conversion.Operand == current)
            {
                current = conversion;
            }

            return current;
        }
    
        /// <summary>Whether the function an operation runs in can await: an async method, lambda or local function, or a top-level program.</summary>
        public static bool CanAwait(IOperation operation) => FunctionOf(operation) switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol.IsAsync,
            ILocalFunctionOperation local => local.Symbol.IsAsync,
            _ => operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol method
                && (method.IsAsync || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName),
        };

        /// <summary>
        /// Whether an operation and everything under it binds: no invalid operation (a name that does not resolve, a call
        /// that fails overload resolution), no value of an error type (a type from a reference the compilation lacks).
        /// The rules claim nothing about a stream whose path runs through code that does not (docs/design.md §3).
        /// </summary>
        public static bool Binds(IOperation operation)
        {
            foreach (var part in operation.DescendantsAndSelf())
            {
                if (part is IInvalidOperation || part.Type is { TypeKind: TypeKind.Error }
                    || part is IConversionOperation { Conversion.Exists: false })
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The value inside any conversions of <paramref name="operation"/>: what it converts.</summary>
        public static IOperation SkipConversionsDown(IOperation operation)
        {
            var current = operation;
            while (current is IConversionOperation conversion)
            {
                current = conversion.Operand;
            }

            return current;
        }
    }
}
