using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>
/// Code being typed must never start warning (docs/design.md §3): for every Docker.DotNet call of a test source, each
/// argument in turn is replaced by a name that does not bind yet, and the analyzer may report nothing there that the
/// complete source does not. Every source checked through <see cref="Verify{TAnalyzer}"/> runs it.
/// </summary>
public static class TypingSimulation
{
    /// <summary>What a half-typed argument looks like: a name that does not bind.</summary>
    public const string Unbound = "notTypedYet";

    public static async Task AssertNothingNew(string source, DockerLibrary library, LanguageVersion languageVersion, DiagnosticAnalyzer analyzer,
        IEnumerable<MetadataReference>? extraReferences = null)
    {
        var document = await FixCheck.CreateDocument(source, library, languageVersion, extraReferences);
        var complete = (await AnalyzerDiagnostics(document, analyzer)).Select(d => (d.Id, d.Location.SourceSpan.Start)).ToHashSet();
        var text = await document.GetTextAsync();
        foreach (var argument in await DockerCallArguments(document))
        {
            var edited = document.WithText(text.Replace(argument, Unbound));
            var delta = Unbound.Length - argument.Length;
            foreach (var diagnostic in await AnalyzerDiagnostics(edited, analyzer))
            {
                var start = diagnostic.Location.SourceSpan.Start;
                var original = start >= argument.Start + Unbound.Length ? start - delta : start;
                Assert.True(complete.Contains((diagnostic.Id, original)),
                    $"half-typed code raised {diagnostic} that the complete code does not, with '{text.GetSubText(argument)}' replaced by '{Unbound}':\n{await edited.GetTextAsync()}");
            }
        }
    }

    /// <summary>The expression of every argument of every call that binds to a Docker.DotNet method.</summary>
    private static async Task<List<TextSpan>> DockerCallArguments(Document document)
    {
        var root = (await document.GetSyntaxRootAsync())!;
        var model = (await document.GetSemanticModelAsync())!;
        var spans = new List<TextSpan>();
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(invocation).Symbol is IMethodSymbol method
                && method.ContainingNamespace?.ToDisplayString().StartsWith("Docker.DotNet", StringComparison.Ordinal) == true)
            {
                spans.AddRange(invocation.ArgumentList.Arguments.Select(argument => argument.Expression.Span));
            }
        }

        return spans;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
    }
}
