using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// Classifies the value passed as a Docker call's <c>IProgress&lt;JSONMessage&gt;</c>, wherever the compilation shows
    /// it whole: <c>null</c>, a <c>new</c>, a local initialised once, <c>this</c>, a field or property whose every
    /// assignment is in sight. What the object then does with a message (its <c>Report</c>, or the handler it forwards
    /// to) is <see cref="ProgressHandlers"/>' question. Anything else (a parameter, an injected or publicly settable
    /// member, a call) is of unknown implementation: no finding. One per compilation, shared by every call.
    /// </summary>
    internal sealed class ProgressClassifier
    {
        /// <summary>How deep one value may lead to another (a field initialised from a field…).</summary>
        private const int MaxDepth = 4;

        private readonly ProgressHandlers _handlers;

        public ProgressClassifier(ApiCatalogue catalogue, FlowGraphCache graphs) => _handlers = new ProgressHandlers(catalogue, graphs);

        public ProgressFinding? Classify(IOperation value, WalkContext walk) => Classify(value, MaxDepth, walk);

        private ProgressFinding? Classify(IOperation value, int depth, WalkContext walk)
        {
            walk.ThrowIfCancelled();
            if (depth == 0)
            {
                return null;
            }

            var operation = OperationTree.SkipConversionsDown(value);
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return SingleInitializer(local, walk) is { } initializer ? Classify(initializer, depth - 1, walk) : null;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, Type: INamedTypeSymbol self }:
                    return _handlers.OfType(self, walk);
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    return OfMember(operation, depth, walk);
                case IObjectCreationOperation { Type: INamedTypeSymbol type } creation:
                    if (type.OriginalDefinition.ToDisplayString() == "System.Progress<T>")
                    {
                        // The handler is posted, whatever it does: a flag it sets is read before it runs.
                        return new ProgressFinding(ProgressProblem.Posted);
                    }

                    return _handlers.ForwardedHandler(creation) is { } handler
                        ? _handlers.HandlerIgnoresErrors(handler, walk) ? new ProgressFinding(ProgressProblem.IgnoresError, type.Name, forwards: true) : null
                        : _handlers.OfType(type, walk);
                default:
                    return operation.ConstantValue is { HasValue: true, Value: null } || operation is IDefaultValueOperation
                        ? new ProgressFinding(ProgressProblem.Null)
                        : null;
            }
        }

        /// <summary>
        /// A field or property of a type in source whose every assignment is in sight: its initializer and, for a
        /// private or read-only member, the assignments in its type's declaration. Judged only when every assigned value
        /// has the same kind of problem; a member anyone else may set (a public setter, an injected value) is unknown.
        /// </summary>
        private ProgressFinding? OfMember(IOperation reference, int depth, WalkContext walk)
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
            foreach (var assigned in AssignedValues(member, declarations[0].GetSyntax(walk.CancellationToken), model, walk))
            {
                if (assigned is null || Classify(assigned, depth - 1, walk) is not { } each
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
        private static IEnumerable<IOperation?> AssignedValues(ISymbol member, SyntaxNode typeDeclaration, SemanticModel model, WalkContext walk)
        {
            var cancellationToken = walk.CancellationToken;
            foreach (var node in typeDeclaration.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), member):
                        yield return model.GetOperation(initializer.Value, cancellationToken);
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } property
                        when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(property, cancellationToken), member):
                        yield return model.GetOperation(initializer.Value, cancellationToken);
                        break;
                    case AssignmentExpressionSyntax assignment
                        when assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, member):
                        yield return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? model.GetOperation(assignment.Right, cancellationToken) : null;
                        break;
                }
            }
        }

        /// <summary>The initializer of a local that is never assigned again, so its value at the call is known.</summary>
        private static IOperation? SingleInitializer(ILocalReferenceOperation reference, WalkContext walk)
        {
            var function = OperationTree.FunctionOf(reference);
            IOperation? initializer = null;
            foreach (var operation in function.DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
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
