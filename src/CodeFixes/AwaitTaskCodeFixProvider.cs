using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using PullAnalyzer.Rules;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL003: awaits the dropped task where the function can await (keeping a <c>ConfigureAwait</c>), and blocks on
    /// it with <c>GetAwaiter().GetResult()</c> where it cannot; a task kept in a local is awaited right where it is stored.
    /// Where it stands and whether to block is the analyzer's verdict (<see cref="AwaitProperties"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitTaskCodeFixProvider)), Shared]
    public sealed class AwaitTaskCodeFixProvider : PullCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.TaskNotAwaited.Id);

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) => AwaitProperties.Form(diagnostic) == AwaitForm.None
            ? ImmutableArray<FixAction>.Empty
            : ImmutableArray.Create(new FixAction("Await the operation", "PULL003"));

        /// <summary>The analyzer found the task dropped and where it stands (<see cref="AwaitProperties"/>); the fix only writes.</summary>
        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            if (ExpressionAt(editor.OriginalRoot, AwaitProperties.Task(diagnostic)) is not { } task)
            {
                return Task.FromResult(false);
            }

            var canAwait = !AwaitProperties.Blocks(diagnostic);
            switch (AwaitProperties.Form(diagnostic))
            {
                case AwaitForm.Statement:
                    editor.ReplaceNode(task, (current, _) => Observe((ExpressionSyntax)current, canAwait));
                    return Task.FromResult(true);

                case AwaitForm.Discard when task.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement }:
                    editor.ReplaceNode(statement, (current, _) =>
                    {
                        var assignment = (AssignmentExpressionSyntax)((ExpressionStatementSyntax)current).Expression;
                        return ((ExpressionStatementSyntax)current).WithExpression(Observe(assignment.Right, canAwait).WithTriviaFrom(assignment));
                    });
                    return Task.FromResult(true);

                case AwaitForm.Local when task.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax declaration } declarator }:
                    var observe = SyntaxFactory.ExpressionStatement(Observe(SyntaxFactory.IdentifierName(declarator.Identifier.ValueText), canAwait))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    if (declaration.Parent is GlobalStatementSyntax global)
                    {
                        editor.InsertAfter(global, SyntaxFactory.GlobalStatement(observe));
                    }
                    else
                    {
                        editor.InsertAfter(declaration, observe);
                    }

                    return Task.FromResult(true);

                default:
                    return Task.FromResult(false);
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
