using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// What a handler body does with the <c>JSONMessage</c> it is given, found through the operation tree: whether it
    /// reads the message's error (its <c>Error</c> or <c>ErrorMessage</c>), and whether it only reads the message or gives
    /// it to sinks that cannot fail the call.
    /// </summary>
    internal static class MessageUses
    {
        /// <summary>Whether the body reads the error of <paramref name="message"/> (a check, a log of the error): then it is not said to ignore it.</summary>
        public static bool ReadsError(IOperation body, IParameterSymbol message, WalkContext walk)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
                if (operation is IMemberReferenceOperation { Member.Name: "Error" or "ErrorMessage", Instance: { } instance }
                    && OperationTree.SkipConversionsDown(instance) is IParameterReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Parameter, message))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the message parameter is only read where we see it: its members read, or given to a sink that keeps
        /// nothing and cannot fail the call (<see cref="IsSink"/>), directly or inside string formatting or a
        /// <c>params</c> array. Handed to any other method, stored or captured, it may be checked for an error elsewhere
        /// (a validator, a list checked after the await): the handler is then of unknown effect.
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
                // Used inside a lambda of the handler: captured, and checked who knows where.
                if (!IsRead(use) || OperationTree.FunctionOf(use) != OperationTree.FunctionOf(body))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsRead(IOperation use)
        {
            if (use.Parent is IMemberReferenceOperation member)
            {
                return member.Instance == use;
            }

            // `value.ToString()`: the message made text, like formatting it.
            if (use.Parent is IInvocationOperation { TargetMethod.Name: "ToString" } toString && toString.Instance == use)
            {
                return true;
            }

            // Formatting makes text of the message, and a params array passes it as one of many values: follow both to
            // where they go.
            var value = use;
            var text = false;
            while (true)
            {
                if (value.Parent is IInterpolationOperation or IInterpolatedStringOperation
                    || value.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String })
                {
                    text = true;
                }
                else if (value.Parent is not (IArrayInitializerOperation or IArrayCreationOperation or IConversionOperation))
                {
                    break;
                }

                value = value.Parent!;
            }

            // Text of the message is not the message: whatever it is given to cannot read its error.
            return value.Parent is IArgumentOperation { Parent: IInvocationOperation call } ? text || IsSink(call.TargetMethod) : text;
        }

        /// <summary>
        /// Sinks that take the message as text or data and keep nothing that is checked later: console, debug and trace
        /// output; string formatting; JSON serialisation (System.Text.Json, Newtonsoft.Json); logging through
        /// Microsoft.Extensions.Logging; xunit's test output. None of them can fail the awaited call on the engine's error.
        /// A method of the user's, or any other library's, may keep the message or read its error: unknown.
        /// </summary>
        private static bool IsSink(IMethodSymbol method)
        {
            if (method.ContainingType is not { } type)
            {
                return false;
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            switch (type.ToDisplayString())
            {
                case "System.Console":
                case "System.Diagnostics.Debug":
                case "System.Diagnostics.Trace":
                case "Microsoft.Extensions.Logging.LoggerExtensions":
                case "Microsoft.Extensions.Logging.ILogger":
                case "Xunit.Abstractions.ITestOutputHelper":
                case "Xunit.ITestOutputHelper":
                    return true;
                case "System.Text.Json.JsonSerializer":
                    return method.Name.StartsWith("Serialize", System.StringComparison.Ordinal);
                case "Newtonsoft.Json.JsonConvert":
                    return method.Name == "SerializeObject";
                default:
                    return false;
            }
        }
    }
}
