using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// How every fix turns the code it writes (as text, fully qualified) into syntax that reads as if written in the
    /// file: laid out by the formatter in the surrounding style, its names shortened where a using directive allows.
    /// </summary>
    internal static class GeneratedCode
    {
        /// <summary>
        /// Parses generated code with elastic whitespace, so that the formatter lays it out in the surrounding style,
        /// and marks its fully qualified names for the simplifier (which shortens them where a using directive allows).
        /// </summary>
        public static StatementSyntax Statement(string code) =>
            KeepPatternsOnOneLine(Generated(SyntaxFactory.ParseStatement(code))).WithTrailingTrivia(SyntaxFactory.ElasticMarker);

        /// <summary><c>is { } line</c> stays on one line: elastic braces of a property pattern would be laid out like a block's.</summary>
        private static T KeepPatternsOnOneLine<T>(T node)
            where T : SyntaxNode =>
            node.ReplaceNodes(node.DescendantNodes().OfType<IsPatternExpressionSyntax>().Where(p => p.Pattern is RecursivePatternSyntax), (_, pattern) =>
            {
                var last = pattern.Pattern.GetLastToken();
                var spaced = pattern.Pattern.ReplaceTokens(pattern.Pattern.DescendantTokens(), (original, _) =>
                    original.WithLeadingTrivia().WithTrailingTrivia(original == last ? default : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                return pattern.WithIsKeyword(pattern.IsKeyword.WithTrailingTrivia(SyntaxFactory.Space)).WithPattern(spaced);
            });

        public static T Generated<T>(T node)
            where T : SyntaxNode =>
            Annotated(node.NormalizeWhitespace(elasticTrivia: true));

        /// <summary>
        /// Code laid out as written (its line breaks and blank lines kept; the formatter only indents it), with its fully
        /// qualified names marked for the simplifier and for a using directive where the file has none for them.
        /// </summary>
        public static T Annotated<T>(T node)
            where T : SyntaxNode =>
            node.ReplaceNodes(node.DescendantNodes().Where(IsQualified), (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        private static bool IsQualified(SyntaxNode node) =>
            node is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax;
    }
}
