using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// What the place a fix edits allows that only the fix asks: which C#, is nullable on, which token is in scope, which
    /// library overloads exist. Whether the place can await is the verdict's answer, never asked here.
    /// </summary>
    internal static class EditSite
    {
        public static LanguageVersion LanguageVersion(SyntaxNode node) =>
            node.SyntaxTree.Options is CSharpParseOptions options ? options.LanguageVersion : Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest;

        public static bool NullableAnnotations(SemanticModel model, int position) =>
            (model.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0;

        /// <summary>A CancellationToken parameter of the enclosing functions, by name, or null.</summary>
        public static string? CancellationTokenInScope(SemanticModel model, SyntaxNode node)
        {
            foreach (var function in node.Ancestors())
            {
                var parameters = function switch
                {
                    BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                    LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                    ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
                    _ => default,
                };
                foreach (var parameter in parameters)
                {
                    if (model.GetDeclaredSymbol(parameter) is { Type: { Name: "CancellationToken" } type }
                        && type.ContainingNamespace?.ToDisplayString() == "System.Threading")
                    {
                        return parameter.Identifier.ValueText;
                    }
                }

                if (function is BaseMethodDeclarationSyntax)
                {
                    break;
                }
            }

            return null;
        }

        /// <summary>Whether <c>TextReader.ReadLineAsync(CancellationToken)</c> exists in this compilation (.NET 7 and later).</summary>
        public static bool HasReadLineAsyncWithToken(Compilation compilation) =>
            compilation.GetTypeByMetadataName("System.IO.TextReader")?.GetMembers("ReadLineAsync")
                .OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.Parameters[0].Type.Name == "CancellationToken") == true;

        public static bool HasSystemTextJson(Compilation compilation) =>
            compilation.GetTypeByMetadataName("System.Text.Json.JsonDocument") is not null;
    }
}
