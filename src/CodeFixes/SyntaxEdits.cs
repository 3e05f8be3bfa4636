using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>Edits more than one fix needs.</summary>
    internal static class SyntaxEdits
    {
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

        private static BlockSyntax Closed(BlockSyntax block, SyntaxToken semicolon) =>
            block.WithCloseBraceToken(block.CloseBraceToken.WithTrailingTrivia(semicolon.TrailingTrivia));
    }
}
