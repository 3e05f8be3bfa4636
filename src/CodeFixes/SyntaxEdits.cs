using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>Edits more than one fix needs.</summary>
    internal static class SyntaxEdits
    {
        /// <summary>The method or local function with the <c>async</c> modifier added after its others.</summary>
        public static SyntaxNode WithAsync(SyntaxNode member)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            return member switch
            {
                MethodDeclarationSyntax method when method.Modifiers.Count == 0 =>
                    method.WithReturnType(method.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia()))),
                MethodDeclarationSyntax method => method.WithModifiers(method.Modifiers.Add(asyncKeyword)),
                LocalFunctionStatementSyntax local when local.Modifiers.Count == 0 =>
                    local.WithReturnType(local.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(local.ReturnType.GetLeadingTrivia()))),
                LocalFunctionStatementSyntax local => local.WithModifiers(local.Modifiers.Add(asyncKeyword)),
                _ => member,
            };
        }

        /// <summary>
        /// <paramref name="member"/> (a method or local function with an expression body) with <paramref name="block"/>
        /// as its body instead; the semicolon's end of line moves to the closing brace. Other nodes come back unchanged.
        /// </summary>
        public static SyntaxNode WithBlockBody(SyntaxNode member, BlockSyntax block)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    return method.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                        .WithBody(Closed(block, method.SemicolonToken))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                case LocalFunctionStatementSyntax local:
                    return local.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithParameterList(local.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                        .WithBody(Closed(block, local.SemicolonToken))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                default:
                    return member;
            }
        }

        /// <summary>
        /// <paramref name="statement"/> as a statement of a top-level program, ending with the file's own line ending:
        /// with elastic trivia the formatter would set it apart by a blank line, as it does members.
        /// </summary>
        public static GlobalStatementSyntax TopLevel(StatementSyntax statement, SyntaxNode inFile) =>
            SyntaxFactory.GlobalStatement(statement.WithTrailingTrivia(EndOfLine(inFile)));

        /// <summary>
        /// Inserts <paramref name="statements"/> as top-level statements after <paramref name="global"/>; where that one
        /// ends the file without a line ending (a trailing comment, say), the first of them starts on a line of its own.
        /// </summary>
        public static void InsertTopLevelAfter(SyntaxEditor editor, GlobalStatementSyntax global, IEnumerable<StatementSyntax> statements)
        {
            var inserted = statements.Select(statement => TopLevel(statement, global)).ToList();
            if (inserted.Count > 0 && !global.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia))
            {
                inserted[0] = inserted[0].WithLeadingTrivia(inserted[0].GetLeadingTrivia().Insert(0, EndOfLine(global)));
            }

            editor.InsertAfter(global, inserted);
        }

        /// <summary>The line ending <paramref name="node"/>'s file uses (its first one), or a line feed.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode node)
        {
            var first = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return SyntaxFactory.EndOfLine(first.IsKind(SyntaxKind.EndOfLineTrivia) ? first.ToString() : "\n");
        }

        private static BlockSyntax Closed(BlockSyntax block, SyntaxToken semicolon) =>
            block.WithCloseBraceToken(block.CloseBraceToken.WithTrailingTrivia(semicolon.TrailingTrivia));
    }
}
