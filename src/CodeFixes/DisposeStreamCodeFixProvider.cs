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
using PullAnalyzer.Catalogue;
using PullAnalyzer.Rules;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL004: disposes the data stream. A stream kept in a local gets <c>using</c> (<c>await using</c> where the
    /// type and language allow it; a using statement around the rest of the block before C# 8); a dropped stream is
    /// disposed at once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisposeStreamCodeFixProvider)), Shared]
    public sealed class DisposeStreamCodeFixProvider : PullCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.DataStreamNotDisposed.Id);

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) => DisposeProperties.Form(diagnostic) == DisposeForm.None
            ? ImmutableArray<FixAction>.Empty
            : ImmutableArray.Create(new FixAction("Dispose the stream", "PULL004"));

        /// <summary>
        /// Writes the form the analyzer chose (<see cref="DisposeProperties"/>): it already excluded a stream that some path
        /// hands on, a local that is not disposable, and places where no statement can follow.
        /// </summary>
        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            if (StreamAt(editor.OriginalRoot, diagnostic) is not { } value)
            {
                return Task.FromResult(false);
            }

            // The archive response is not disposable itself: its Stream property is the data stream.
            var viaStream = StreamProperties.Shape(diagnostic) == StreamShape.Container;
            var declaration = value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local } } ? local : null;
            switch (DisposeProperties.Form(diagnostic))
            {
                case DisposeForm.DisposeNow when value.Parent is ExpressionStatementSyntax statement:
                    editor.ReplaceNode(statement, (current, _) => DisposeNow(((ExpressionStatementSyntax)current).Expression, current, viaStream));
                    return Task.FromResult(true);

                case DisposeForm.DisposeNow when value.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement }:
                    editor.ReplaceNode(statement, (current, _) => DisposeNow(((AssignmentExpressionSyntax)((ExpressionStatementSyntax)current).Expression).Right, current, viaStream));
                    return Task.FromResult(true);

                case DisposeForm.UsingDeclaration when declaration is not null:
                    UsingDeclaration(editor, declaration, canAwait: !StreamProperties.Blocks(diagnostic), cancellationToken);
                    return Task.FromResult(true);

                case DisposeForm.UsingStatement when declaration?.Parent is BlockSyntax block:
                    UsingStatement(editor, block, declaration);
                    return Task.FromResult(true);

                case DisposeForm.ResponseStreamDeclaration when declaration is not null:
                    ResponseStreamDeclaration(editor, declaration, state);
                    return Task.FromResult(true);

                case DisposeForm.ResponseStreamStatement when declaration?.Parent is BlockSyntax block:
                    ResponseStreamStatement(editor, block, declaration);
                    return Task.FromResult(true);

                default:
                    return Task.FromResult(false);
            }
        }

        /// <summary><c>using var x = await …;</c>, or <c>await using</c> where the function can await and the stream is asynchronously disposable.</summary>
        private static void UsingDeclaration(DocumentEditor editor, LocalDeclarationStatementSyntax declaration, bool canAwait, CancellationToken cancellationToken)
        {
            var type = editor.SemanticModel.GetTypeInfo(declaration.Declaration.Type, cancellationToken).Type
                ?? (editor.SemanticModel.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) as ILocalSymbol)?.Type;
            var canAwaitUsing = canAwait
                && type?.AllInterfaces.Any(i => i.Name == "IAsyncDisposable" && i.ContainingNamespace?.ToDisplayString() == "System") == true;
            editor.ReplaceNode(declaration, (current, _) =>
            {
                var local = (LocalDeclarationStatementSyntax)current;
                var leading = local.GetLeadingTrivia();
                var withUsing = local.WithoutLeadingTrivia().WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                if (canAwaitUsing)
                {
                    withUsing = withUsing.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space));
                }

                return withUsing.WithLeadingTrivia(leading);
            });
        }

        /// <summary>
        /// Before C# 8: a using statement around the declaration and the rest of the block, which keeps every later use of
        /// the local inside its scope.
        /// </summary>
        private static void UsingStatement(DocumentEditor editor, BlockSyntax block, LocalDeclarationStatementSyntax declaration)
        {
            var index = block.Statements.IndexOf(declaration);
            editor.ReplaceNode(block, (current, _) =>
            {
                var currentBlock = (BlockSyntax)current;
                var currentDeclaration = (LocalDeclarationStatementSyntax)currentBlock.Statements[index];
                var body = SyntaxFactory.Block(currentBlock.Statements.Skip(index + 1));
                var usingStatement = SyntaxFactory.UsingStatement(currentDeclaration.Declaration.WithoutTrivia(), null, body)
                    .WithLeadingTrivia(currentDeclaration.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return currentBlock.WithStatements(SyntaxFactory.List(currentBlock.Statements.Take(index).Concat(new StatementSyntax[] { usingStatement })));
            });
        }

        /// <summary>The archive response is not disposable; its <c>Stream</c> is: <c>using var archive = response.Stream;</c> after it.</summary>
        private static void ResponseStreamDeclaration(DocumentEditor editor, LocalDeclarationStatementSyntax declaration, FixState state)
        {
            var name = state.UniqueName(declaration, "archive");
            var disposal = SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(ResponseStream(declaration))))))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertAfter(declaration, disposal);
        }

        /// <summary>Before C# 8: a using statement on <c>response.Stream</c> around the rest of the block.</summary>
        private static void ResponseStreamStatement(DocumentEditor editor, BlockSyntax block, LocalDeclarationStatementSyntax declaration)
        {
            var index = block.Statements.IndexOf(declaration);
            var stream = ResponseStream(declaration);
            editor.ReplaceNode(block, (current, _) =>
            {
                var currentBlock = (BlockSyntax)current;
                var usingStatement = SyntaxFactory.UsingStatement(null, stream, SyntaxFactory.Block(currentBlock.Statements.Skip(index + 1)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return currentBlock.WithStatements(SyntaxFactory.List(currentBlock.Statements.Take(index + 1).Concat(new StatementSyntax[] { usingStatement })));
            });
        }

        private static ExpressionSyntax ResponseStream(LocalDeclarationStatementSyntax declaration) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(declaration.Declaration.Variables[0].Identifier.ValueText), SyntaxFactory.IdentifierName("Stream"));

        /// <summary><c>(await …).Dispose();</c> (or <c>(await …).Stream.Dispose();</c>) in place of the statement that dropped the stream.</summary>
        private static SyntaxNode DisposeNow(ExpressionSyntax stream, SyntaxNode replaced, bool viaStreamProperty)
        {
            ExpressionSyntax target = SyntaxFactory.ParenthesizedExpression(stream.WithoutTrivia());
            if (viaStreamProperty)
            {
                target = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName("Stream"));
            }

            return SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        target, SyntaxFactory.IdentifierName("Dispose"))))
                .WithTriviaFrom(replaced)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
