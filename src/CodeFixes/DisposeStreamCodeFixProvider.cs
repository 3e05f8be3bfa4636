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
using PullAnalyzer.Verdicts;

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

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) =>
            ImmutableArray.Create(new FixAction("Dispose the stream", "PULL004"));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            // A stream that some path returns, stores or passes on must not be disposed where it is made: the receiver
            // would get a disposed stream. The verdict says so; no fix is offered rather than one that changes behaviour.
            if (StreamVerdict.IsHandedOn(diagnostic) || StreamAt(editor.OriginalRoot, diagnostic) is not { } value)
            {
                return Task.FromResult(false);
            }

            // The archive response is not disposable itself: its Stream property is the data stream.
            var viaStream = StreamVerdict.Shape(diagnostic) == StreamShape.Container;
            switch (value.Parent)
            {
                case ExpressionStatementSyntax statement when statement.Expression == value:
                    editor.ReplaceNode(statement, (current, _) => DisposeNow(((ExpressionStatementSyntax)current).Expression, current, viaStream));
                    return Task.FromResult(true);

                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard when discard.Parent is ExpressionStatementSyntax statement:
                    editor.ReplaceNode(statement, (current, _) => DisposeNow(((AssignmentExpressionSyntax)((ExpressionStatementSyntax)current).Expression).Right, current, viaStream));
                    return Task.FromResult(true);

                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } declarator }
                    when declaration.UsingKeyword.IsKind(SyntaxKind.None):
                    return Task.FromResult(viaStream
                        ? DisposeResponseStream(editor, declaration, declarator.Identifier.ValueText, state)
                        : UseUsing(editor, declaration, cancellationToken));

                default:
                    return Task.FromResult(false);
            }
        }

        private static bool UseUsing(DocumentEditor editor, LocalDeclarationStatementSyntax declaration, CancellationToken cancellationToken)
        {
            var type = editor.SemanticModel.GetTypeInfo(declaration.Declaration.Type, cancellationToken).Type
                ?? (editor.SemanticModel.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) as ILocalSymbol)?.Type;
            // `using` compiles only on a disposable local (`object o = await …` holds the stream but is not one).
            if (type is null || (type.SpecialType != SpecialType.System_IDisposable && !type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable)))
            {
                return false;
            }

            var canAwaitUsing = EditSite.CanAwait(declaration)
                && type?.AllInterfaces.Any(i => i.Name == "IAsyncDisposable" && i.ContainingNamespace?.ToDisplayString() == "System") == true;

            if (EditSite.LanguageVersion(declaration) >= LanguageVersion.CSharp8 && declaration.Parent is BlockSyntax or GlobalStatementSyntax)
            {
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
                return true;
            }

            if (declaration.Parent is not BlockSyntax block)
            {
                return false;
            }

            // Before C# 8: a using statement around the declaration and the rest of the block, which keeps every later
            // use of the local inside its scope.
            var index = block.Statements.IndexOf(declaration);
            var rest = block.Statements.Skip(index + 1).ToList();
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
            return true;
        }

        /// <summary>
        /// The archive response is not disposable; its <c>Stream</c> is. From C# 8 in a block:
        /// <c>using var archive = response.Stream;</c> right after the response's declaration; before C# 8, a using
        /// statement on <c>response.Stream</c> around the rest of the block.
        /// </summary>
        private static bool DisposeResponseStream(DocumentEditor editor, LocalDeclarationStatementSyntax declaration, string response, FixState state)
        {
            if (declaration.Parent is not BlockSyntax block)
            {
                return false;
            }

            var stream = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(response), SyntaxFactory.IdentifierName("Stream"));
            var index = block.Statements.IndexOf(declaration);
            if (EditSite.LanguageVersion(declaration) >= LanguageVersion.CSharp8)
            {
                var name = state.UniqueName(declaration, "archive");
                var disposal = SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(stream)))))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertAfter(declaration, disposal);
                return true;
            }

            editor.ReplaceNode(block, (current, _) =>
            {
                var currentBlock = (BlockSyntax)current;
                var usingStatement = SyntaxFactory.UsingStatement(null, stream, SyntaxFactory.Block(currentBlock.Statements.Skip(index + 1)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return currentBlock.WithStatements(SyntaxFactory.List(currentBlock.Statements.Take(index + 1).Concat(new StatementSyntax[] { usingStatement })));
            });
            return true;
        }

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
