using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Consumption;

namespace PullAnalyzer
{
    /// <summary>Why a progress object cannot surface an in-band engine error.</summary>
    internal enum ProgressProblem
    {
        /// <summary><c>null</c>: Docker.DotNet throws NullReferenceException at the first message.</summary>
        Null,
        /// <summary><c>System.Progress&lt;T&gt;</c>: the handler is posted elsewhere.</summary>
        Posted,
        /// <summary>A source type whose Report never reads Error or ErrorMessage.</summary>
        IgnoresError,
    }

    internal readonly struct ProgressFinding
    {
        public ProgressFinding(ProgressProblem problem, string? typeName = null)
        {
            Problem = problem;
            TypeName = typeName;
        }

        public ProgressProblem Problem { get; }

        public string? TypeName { get; }

        public string Describe() => Problem switch
        {
            ProgressProblem.Null => Messages.NullProgress,
            ProgressProblem.Posted => Messages.PostedProgress,
            _ => Messages.ProgressIgnoringErrors(TypeName!),
        };
    }

    /// <summary>Classifies the value passed as a Docker call's <c>IProgress&lt;JSONMessage&gt;</c>. Shared with the PULL005 code fix.</summary>
    internal static class ProgressClassifier
    {
        public static ProgressFinding? Classify(IOperation value, ApiCatalogue catalogue)
        {
            var operation = Unwrap(value);
            if (operation is ILocalReferenceOperation local && SingleInitializer(local) is { } initializer)
            {
                operation = Unwrap(initializer);
            }

            if (operation.ConstantValue is { HasValue: true, Value: null } || operation is IDefaultValueOperation)
            {
                return new ProgressFinding(ProgressProblem.Null);
            }

            if (operation is not IObjectCreationOperation { Type: INamedTypeSymbol type })
            {
                // A parameter, a field, a call: the implementation is not known here.
                return null;
            }

            if (type.OriginalDefinition.ToDisplayString() == "System.Progress<T>")
            {
                return new ProgressFinding(ProgressProblem.Posted);
            }

            return ReportIgnoresErrors(type, catalogue) ? new ProgressFinding(ProgressProblem.IgnoresError, type.Name) : null;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The initializer of a local that is never assigned again, so its value at the call is known.</summary>
        private static IOperation? SingleInitializer(ILocalReferenceOperation reference)
        {
            var function = OperationTree.FunctionOf(reference);
            IOperation? initializer = null;
            foreach (var operation in function.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        initializer = declarator.Initializer?.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }
                        when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        return null;
                }
            }

            return initializer;
        }

        /// <summary>
        /// True for a type declared in source whose IProgress&lt;JSONMessage&gt;.Report body never names Error,
        /// ErrorMessage or the runtime helper's error reader. Metadata types are of unknown implementation.
        /// </summary>
        private static bool ReportIgnoresErrors(INamedTypeSymbol type, ApiCatalogue catalogue)
        {
            if (catalogue.JsonMessageProgress is not { } progressInterface
                || progressInterface.GetMembers("Report").FirstOrDefault() is not IMethodSymbol report
                || type.FindImplementationForInterfaceMember(report) is not IMethodSymbol implementation
                || implementation.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (var reference in implementation.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax().DescendantTokens())
                {
                    if (token.ValueText is "Error" or "ErrorMessage")
                    {
                        return false;
                    }
                }

                if (reference.GetSyntax() is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null })
                {
                    return false;
                }
            }

            return true;
        }
    }
}
