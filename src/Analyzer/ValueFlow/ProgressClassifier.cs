using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
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
        public ProgressFinding(ProgressProblem problem, string? typeName = null, bool forwards = false, IMethodSymbol? report = null)
        {
            Problem = problem;
            TypeName = typeName;
            Forwards = forwards;
            Report = report;
        }

        /// <summary>The source type's own <c>Report</c> that ignores the error, where that is the problem (not a forwarded handler).</summary>
        public IMethodSymbol? Report { get; }

        /// <summary>The type only forwards Report to a handler it was given, and that handler is what ignores errors.</summary>
        public bool Forwards { get; }

        public ProgressProblem Problem { get; }

        public string? TypeName { get; }

        public string Describe() => Problem switch
        {
            ProgressProblem.Null => Messages.NullProgress,
            ProgressProblem.Posted => Messages.PostedProgress,
            _ when Forwards => Messages.ProgressHandlerIgnoringErrors(TypeName!),
            _ => Messages.ProgressIgnoringErrors(TypeName!),
        };
    }

    /// <summary>
    /// Classifies the value passed as a Docker call's <c>IProgress&lt;JSONMessage&gt;</c>, wherever the compilation shows
    /// it whole: <c>null</c>, a <c>new</c>, a local initialised once, <c>this</c>, a field or property whose every
    /// assignment is in sight, and a class that only forwards <c>Report</c> to a delegate it was given (judged by that
    /// delegate). Anything else (a parameter, an injected or publicly settable member, a call) is of unknown
    /// implementation: no finding.
    /// </summary>
    internal static class ProgressClassifier
    {
        /// <summary>How deep one value may lead to another (a field initialised from a field…).</summary>
        private const int MaxDepth = 4;

        public static ProgressFinding? Classify(IOperation value, ApiCatalogue catalogue) => Classify(value, catalogue, MaxDepth);

        private static ProgressFinding? Classify(IOperation value, ApiCatalogue catalogue, int depth)
        {
            if (depth == 0)
            {
                return null;
            }

            var operation = OperationTree.SkipConversionsDown(value);
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return SingleInitializer(local) is { } initializer ? Classify(initializer, catalogue, depth - 1) : null;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type: INamedTypeSymbol self }:
                    return OfType(self, catalogue);
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    return OfMember(operation, catalogue, depth);
                case IObjectCreationOperation { Type: INamedTypeSymbol type } creation:
                    if (type.OriginalDefinition.ToDisplayString() == "System.Progress<T>")
                    {
                        // The handler is posted, whatever it does: a flag it sets is read before it runs.
                        return new ProgressFinding(ProgressProblem.Posted);
                    }

                    return ForwardedHandler(creation, catalogue) is { } handler
                        ? HandlerIgnoresErrors(handler, catalogue.Compilation) ? new ProgressFinding(ProgressProblem.IgnoresError, type.Name, forwards: true) : null
                        : OfType(type, catalogue);
                default:
                    return operation.ConstantValue is { HasValue: true, Value: null } || operation is IDefaultValueOperation
                        ? new ProgressFinding(ProgressProblem.Null)
                        : null;
            }
        }

        private static ProgressFinding? OfType(INamedTypeSymbol type, ApiCatalogue catalogue) =>
            ReportOf(type, catalogue) is { } report && IgnoresErrors(report, catalogue.Compilation) && ForwardingField(report) is null
                ? new ProgressFinding(ProgressProblem.IgnoresError, type.Name, report: report)
                : null;

        /// <summary>
        /// A field or property of a type in source whose every assignment is in sight: its initializer and, for a
        /// private or read-only member, the assignments in its type's declaration. Judged only when every assigned value
        /// has the same kind of problem; a member anyone else may set (a public setter, an injected value) is unknown.
        /// </summary>
        private static ProgressFinding? OfMember(IOperation reference, ApiCatalogue catalogue, int depth)
        {
            var member = reference switch
            {
                IFieldReferenceOperation field => (ISymbol)field.Field,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };
            if (member is null || !AssignedOnlyInItsType(member)
                || member.ContainingType.DeclaringSyntaxReferences is not { Length: 1 } declarations
                || reference.SemanticModel is not { } model
                || declarations[0].SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            ProgressFinding? finding = null;
            var any = false;
            foreach (var assigned in AssignedValues(member, declarations[0].GetSyntax(), model))
            {
                if (assigned is null || Classify(assigned, catalogue, depth - 1) is not { } each
                    || (finding is { } first && first.Problem != each.Problem))
                {
                    return null;
                }

                finding ??= each;
                any = true;
            }

            return any ? finding : null;
        }

        /// <summary>Only its own type can assign the member: private, or read-only, or a property without a public setter.</summary>
        private static bool AssignedOnlyInItsType(ISymbol member) => member switch
        {
            IFieldSymbol field => field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private,
            IPropertySymbol property => property.DeclaringSyntaxReferences.Length > 0
                && (property.SetMethod is null || property.SetMethod.DeclaredAccessibility == Accessibility.Private)
                && IsAutoProperty(property),
            _ => false,
        };

        private static bool IsAutoProperty(IPropertySymbol property) =>
            property.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null } declaration
            && declaration.AccessorList?.Accessors.All(a => a.Body is null && a.ExpressionBody is null) == true;

        /// <summary>Every value assigned to <paramref name="member"/> in its type's declaration (null for one that cannot be bound).</summary>
        private static IEnumerable<IOperation?> AssignedValues(ISymbol member, SyntaxNode typeDeclaration, SemanticModel model)
        {
            foreach (var node in typeDeclaration.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator), member):
                        yield return model.GetOperation(initializer.Value);
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } property
                        when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(property), member):
                        yield return model.GetOperation(initializer.Value);
                        break;
                    case AssignmentExpressionSyntax assignment
                        when assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left).Symbol, member):
                        yield return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? model.GetOperation(assignment.Right) : null;
                        break;
                }
            }
        }

        /// <summary>The type's implementation of <c>IProgress&lt;JSONMessage&gt;.Report</c>, when it is in source.</summary>
        private static IMethodSymbol? ReportOf(INamedTypeSymbol type, ApiCatalogue catalogue) =>
            catalogue.JsonMessageProgress is { } progressInterface
            && progressInterface.GetMembers("Report").FirstOrDefault() is IMethodSymbol report
            && type.FindImplementationForInterfaceMember(report) is IMethodSymbol implementation
            && implementation.DeclaringSyntaxReferences.Length > 0
                ? implementation
                : null;

        /// <summary>
        /// True for a <c>Report</c> whose body never names Error, ErrorMessage or the runtime helper's error reader.
        /// An abstract or extern one is of unknown implementation.
        /// </summary>
        /// <summary>
        /// Whether each Report ignores the error, worked out once per compilation: many calls pass the same progress type,
        /// and the answer binds Report's body (often in another file).
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>> ReportVerdicts =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, bool>>();

        private static bool IgnoresErrors(IMethodSymbol report, Compilation compilation) =>
            ReportVerdicts.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default))
                .GetOrAdd(report, method => ReportIgnoresErrors(method, compilation));

        private static bool ReportIgnoresErrors(IMethodSymbol report, Compilation compilation)
        {
            foreach (var reference in report.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (syntax is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } || MentionsError(syntax)
                    || !MessageOnlyRead(compilation, syntax, report))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool MentionsError(SyntaxNode node) =>
            node.DescendantTokens().Any(token => token.ValueText is "Error" or "ErrorMessage");

        /// <summary>
        /// Whether the method's message parameter is only read where we see it: its members read, or printed
        /// (<see cref="OnlyPrints"/>). Handed to any other method, stored or captured, it may be checked for an error
        /// elsewhere (a validator, a list checked after the await): the handler is then of unknown effect, and nothing is
        /// reported.
        /// </summary>
        private static bool MessageOnlyRead(Compilation compilation, SyntaxNode declaration, IMethodSymbol method)
        {
            if (method.Parameters.Length != 1)
            {
                return false;
            }

            // The handler's own tree: Report is usually declared in another file than the Docker call.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
            var body = compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration);
#pragma warning restore RS1030
            return body is not null && MessageOnlyRead(body, method.Parameters[0]);
        }

        /// <summary>
        /// Console, Debug and Trace output and string formatting: they print the message and keep nothing. Any other
        /// method may keep it (a list checked after the await) or read its error (a validator, a logger of yours).
        /// </summary>
        private static bool OnlyPrints(IMethodSymbol method) =>
            method.ContainingType is { } type
            && (type.SpecialType == SpecialType.System_String
                || type.ToDisplayString() is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace");

        private static bool MessageOnlyRead(IOperation body, IParameterSymbol message)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
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
        /// A <c>Report</c> that does nothing but call a delegate field (<c>_handler(value)</c>,
        /// <c>_handler?.Invoke(value)</c>): the field, or null.
        /// </summary>
        private static IFieldSymbol? ForwardingField(IMethodSymbol report)
        {
            if (report.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax method)
            {
                return null;
            }

            var body = method.ExpressionBody?.Expression
                ?? (method.Body?.Statements is { Count: 1 } statements && statements[0] is ExpressionStatementSyntax statement ? statement.Expression : null);
            var called = body switch
            {
                InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } => name,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Expression: IdentifierNameSyntax name } } => name,
                ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax name, WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Invoke" } } } => name,
                _ => null,
            };
            return called is null ? null
                : report.ContainingType.GetMembers(called.Identifier.ValueText).OfType<IFieldSymbol>().FirstOrDefault(f => f.Type.TypeKind == TypeKind.Delegate);
        }

        /// <summary>
        /// For a class that only forwards <c>Report</c> to a delegate field set from a constructor parameter: the argument
        /// the construction site passes for that parameter.
        /// </summary>
        private static IOperation? ForwardedHandler(IObjectCreationOperation creation, ApiCatalogue catalogue)
        {
            if (creation.Type is not INamedTypeSymbol type || ReportOf(type, catalogue) is not { } report || ForwardingField(report) is not { } field
                || creation.Constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax constructor)
            {
                return null;
            }

            foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                var target = assignment.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
                    _ => null,
                };
                if (target == field.Name && assignment.Right is IdentifierNameSyntax source
                    && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == source.Identifier.ValueText) is { } argument)
                {
                    return OperationTree.SkipConversionsDown(argument.Value);
                }
            }

            return null;
        }

        /// <summary>A lambda, anonymous method or method group that never names Error or ErrorMessage; other values are unknown.</summary>
        private static bool HandlerIgnoresErrors(IOperation handler, Compilation compilation)
        {
            switch (handler)
            {
                case IDelegateCreationOperation creation:
                    return HandlerIgnoresErrors(creation.Target, compilation);
                case IAnonymousFunctionOperation lambda:
                    return !MentionsError(lambda.Syntax) && lambda.Symbol.Parameters.Length == 1 && MessageOnlyRead(lambda.Body, lambda.Symbol.Parameters[0]);
                case IMethodReferenceOperation { Method: { DeclaringSyntaxReferences: { Length: > 0 } references } method }:
                    return references.All(reference => reference.GetSyntax() is BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null }
                        && !MentionsError(reference.GetSyntax()) && MessageOnlyRead(compilation, reference.GetSyntax(), method));
                default:
                    return false;
            }
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
    }
}
