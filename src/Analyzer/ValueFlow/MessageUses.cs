using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>What a handler body does with the <c>JSONMessage</c> it is given: whether it names the error, and whether it only reads the message.</summary>
    internal static class MessageUses
    {
        /// <summary>Whether the code names Error or ErrorMessage anywhere (a check, a log of the error): then it is not said to ignore it.</summary>
        public static bool NamesError(SyntaxNode node) =>
            node.DescendantTokens().Any(token => token.ValueText is "Error" or "ErrorMessage");

        /// <summary>
        /// Whether the message parameter is only read where we see it: its members read, or printed
        /// (<see cref="OnlyPrints"/>). Handed to any other method, stored or captured, it may be checked for an error
        /// elsewhere (a validator, a list checked after the await): the handler is then of unknown effect.
        /// </summary>
        public static bool OnlyRead(IOperation body, IParameterSymbol message, WalkContext walk)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
                if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, message))
                {
                    continue;
                }

                var use = OperationTree.SkipConversions(reference);
                var read = use.Parent switch
                {
                    IMemberReferenceOperation member => member.Instance == use,
                    IArgumentOperation { Parent: IInvocationOperation call } => OnlyPrints(call.TargetMethod),
                    IInterpolationOperation => true,
                    _ => false,
                };
                // Used inside a lambda of the handler: captured, and checked who knows where.
                if (!read || OperationTree.FunctionOf(use) != OperationTree.FunctionOf(body))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Console, Debug and Trace output and string formatting: they print the message and keep nothing. Any other
        /// method may keep it (a list checked after the await) or read its error (a validator, a logger of yours).
        /// </summary>
        private static bool OnlyPrints(IMethodSymbol method) =>
            method.ContainingType is { } type
            && (type.SpecialType == SpecialType.System_String
                || type.ToDisplayString() is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace");
    }
}
