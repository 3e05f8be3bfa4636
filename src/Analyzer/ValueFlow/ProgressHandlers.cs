using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// What a progress object does with a message: its own <c>Report</c>, or the delegate a forwarding class calls. It
    /// ignores the engine's error when its body never reads the message's Error or ErrorMessage and only reads the message or gives it to sinks that cannot fail the call
    /// (<see cref="MessageUses"/>). Report bodies are judged once per compilation: many calls pass the same progress type,
    /// and the answer binds a body that is often in another file (through the shared <see cref="FlowGraphCache"/>).
    /// </summary>
    internal sealed class ProgressHandlers
    {
        private readonly ApiCatalogue _catalogue;
        private readonly FlowGraphCache _graphs;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _reportIgnoresErrors = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public ProgressHandlers(ApiCatalogue catalogue, FlowGraphCache graphs)
        {
            _catalogue = catalogue;
            _graphs = graphs;
        }

        /// <summary>A type whose own <c>Report</c> (not one that forwards to a field) ignores the error.</summary>
        public ProgressFinding? OfType(INamedTypeSymbol type, WalkContext walk) =>
            ReportOf(type) is { } report && IgnoresErrors(report, walk) && ForwardingField(report) is null
                ? new ProgressFinding(ProgressProblem.IgnoresError, type.Name, report: report)
                : null;

        /// <summary>
        /// For a class that only forwards <c>Report</c> to a delegate field set from a constructor parameter: the argument
        /// the construction site passes for that parameter.
        /// </summary>
        public IOperation? ForwardedHandler(IObjectCreationOperation creation)
        {
            if (creation.Type is not INamedTypeSymbol type || ReportOf(type) is not { } report || ForwardingField(report) is not { } field)
            {
                return null;
            }

            if (creation.Constructor?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax constructor)
            {
                return InitializedHandler(field, type);
            }

            foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (AssignedMember(assignment) is (var target, OnThis: true) && target == field.Name && assignment.Right is IdentifierNameSyntax source
                    && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == source.Identifier.ValueText) is { } argument)
                {
                    return OperationTree.SkipConversionsDown(argument.Value);
                }
            }

            return InitializedHandler(field, type);
        }

        /// <summary>
        /// A read-only delegate field that only its initializer sets (<c>private readonly Action&lt;JSONMessage&gt; _handler =
        /// m =&gt; …;</c>, no constructor assigning it): the initializer is the handler.
        /// </summary>
        private IOperation? InitializedHandler(IFieldSymbol field, INamedTypeSymbol type)
        {
            if (!field.IsReadOnly
                || field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } initializer }
                || type.InstanceConstructors.Any(constructor => constructor.DeclaringSyntaxReferences.Any(reference =>
                    reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment => AssignedMember(assignment).Name == field.Name))))
            {
                return null;
            }

            return _graphs.ModelOf(initializer.SyntaxTree).GetOperation(initializer.Value) is { } handler ? OperationTree.SkipConversionsDown(handler) : null;
        }

        /// <summary>The member name an assignment writes, and whether it writes it on this instance (bare, or <c>this.</c>).</summary>
        private static (string? Name, bool OnThis) AssignedMember(AssignmentExpressionSyntax assignment) => assignment.Left switch
        {
            IdentifierNameSyntax name => (name.Identifier.ValueText, true),
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access => (name.Identifier.ValueText, access.Expression is ThisExpressionSyntax),
            _ => (null, false),
        };

        /// <summary>A lambda, anonymous method or method group that never names Error or ErrorMessage; other values are unknown.</summary>
        public bool HandlerIgnoresErrors(IOperation handler, WalkContext walk)
        {
            switch (handler)
            {
                case IDelegateCreationOperation creation:
                    return HandlerIgnoresErrors(creation.Target, walk);
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.Parameters.Length == 1
                        && !MessageUses.ReadsError(lambda.Body, lambda.Symbol.Parameters[0], walk)
                        && MessageUses.OnlyRead(lambda.Body, lambda.Symbol.Parameters[0], walk);
                case IMethodReferenceOperation { Method: { DeclaringSyntaxReferences: { Length: > 0 } references } method }:
                    return references.All(reference => reference.GetSyntax(walk.CancellationToken) is BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null }
                        && IgnoresTheError(reference.GetSyntax(walk.CancellationToken), method, walk));
                default:
                    return false;
            }
        }

        /// <summary>The type's implementation of <c>IProgress&lt;JSONMessage&gt;.Report</c>, when it is in source.</summary>
        private IMethodSymbol? ReportOf(INamedTypeSymbol type) =>
            _catalogue.JsonMessageProgress is { } progressInterface
            && progressInterface.GetMembers("Report").FirstOrDefault() is IMethodSymbol report
            && type.FindImplementationForInterfaceMember(report) is IMethodSymbol implementation
            && implementation.DeclaringSyntaxReferences.Length > 0
                ? implementation
                : null;

        /// <summary>Whether a Report ignores the error; an abstract or extern one is of unknown implementation.</summary>
        private bool IgnoresErrors(IMethodSymbol report, WalkContext walk)
        {
            if (_reportIgnoresErrors.TryGetValue(report, out var known))
            {
                return known;
            }

            // Worked out outside the dictionary's factory, so that a cancelled walk stores nothing.
            var ignores = ReportIgnoresErrors(report, walk);
            return _reportIgnoresErrors.GetOrAdd(report, ignores);
        }

        private bool ReportIgnoresErrors(IMethodSymbol report, WalkContext walk)
        {
            foreach (var reference in report.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(walk.CancellationToken);
                if (syntax is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } || !IgnoresTheError(syntax, report, walk))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether a method with one message parameter never reads its error and only reads the message or gives it to
        /// sinks (<see cref="MessageUses"/>), judged on its body bound in the shared model of its own file.
        /// </summary>
        private bool IgnoresTheError(SyntaxNode declaration, IMethodSymbol method, WalkContext walk) =>
            method.Parameters.Length == 1
            && _graphs.OperationOf(declaration, walk.CancellationToken) is { } body
            && !MessageUses.ReadsError(body, method.Parameters[0], walk)
            && MessageUses.OnlyRead(body, method.Parameters[0], walk);

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
    }
}
