using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL003: awaits the dropped task where the function can await (keeping a <c>ConfigureAwait</c>), and blocks on
    /// it with <c>GetAwaiter().GetResult()</c> where it cannot; a task kept in a local is awaited right where it is stored.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitOperationCodeFixProvider)), Shared]
    public sealed class AwaitOperationCodeFixProvider : PullCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.OperationNotAwaited.Id);

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) =>
            ImmutableArray.Create(new FixAction("Await the operation", "PULL003"));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            // The analyzer found the task dropped; the fix only decides, from the syntax, how to observe it.
            return Task.FromResult(CallAt(editor.OriginalRoot, diagnostic) is { } call && Apply(editor, call));
        }

        private static bool Apply(DocumentEditor editor, InvocationExpressionSyntax call)
        {
            var canAwait = EditSite.CanAwait(call);

            var task = TaskAsWritten(call);

            switch (task.Parent)
            {
                case ExpressionStatementSyntax:
                case ArrowExpressionClauseSyntax:
                case AnonymousFunctionExpressionSyntax:
                    editor.ReplaceNode(task, (current, _) => Observe((ExpressionSyntax)current, canAwait));
                    return true;

                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    when discard.Parent is ExpressionStatementSyntax statement:
                    editor.ReplaceNode(statement, (current, _) =>
                    {
                        var assignment = (AssignmentExpressionSyntax)((ExpressionStatementSyntax)current).Expression;
                        return ((ExpressionStatementSyntax)current).WithExpression(Observe(assignment.Right, canAwait).WithTriviaFrom(assignment));
                    });
                    return true;

                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration:
                    var observe = SyntaxFactory.ExpressionStatement(Observe(SyntaxFactory.IdentifierName(declarator.Identifier.ValueText), canAwait))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    switch (declaration.Parent)
                    {
                        case BlockSyntax:
                        case SwitchSectionSyntax:
                            editor.InsertAfter(declaration, observe);
                            return true;
                        case GlobalStatementSyntax global:
                            editor.InsertAfter(global, SyntaxFactory.GlobalStatement(observe));
                            return true;
                        default:
                            return false;
                    }

                default:
                    return false;
            }
        }

        /// <summary><c>await task</c>, or <c>task.GetAwaiter().GetResult()</c> where the function cannot await.</summary>
        private static ExpressionSyntax Observe(ExpressionSyntax task, bool canAwait)
        {
            var bare = task.WithoutTrivia();
            ExpressionSyntax observed = canAwait
                ? SyntaxFactory.AwaitExpression(bare)
                : SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                            bare, SyntaxFactory.IdentifierName("GetAwaiter"))),
                        SyntaxFactory.IdentifierName("GetResult")));
            return observed.WithTriviaFrom(task);
        }
    }
}
