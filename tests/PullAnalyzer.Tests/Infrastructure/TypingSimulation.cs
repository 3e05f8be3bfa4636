using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>
/// Code being typed must never start warning (docs/design.md §3): for every Docker.DotNet call of a test source, and every
/// call of a wrapper the user configured (.editorconfig or [MustReadToEnd]), each argument in turn is replaced by a name
/// that does not bind yet, and the analyzer may report nothing there that the complete source does not. Every source
/// checked through <see cref="Verify{TAnalyzer}"/> runs it, and so do the configuration tests.
/// </summary>
public static class TypingSimulation
{
    /// <summary>What a half-typed argument looks like: a name that does not bind.</summary>
    public const string Unbound = "notTypedYet";

    /// <param name="editorconfig">The <c>[*.cs]</c> section's keys, where the test configures wrappers.</param>
    public static async Task AssertNothingNew(string source, DockerLibrary library, LanguageVersion languageVersion, DiagnosticAnalyzer analyzer,
        IEnumerable<MetadataReference>? extraReferences = null, string? editorconfig = null)
    {
        var document = await FixCheck.CreateDocument(source, library, languageVersion, extraReferences);
        if (editorconfig is not null)
        {
            // A section applies to files by path: the document gets one under the .editorconfig's folder.
            var project = document.WithFilePath("/0/Test0.cs").Project
                .AddAnalyzerConfigDocument(".editorconfig", SourceText.From("root = true\n\n[*.cs]\n" + editorconfig), filePath: "/.editorconfig").Project;
            document = project.GetDocument(document.Id)!;
        }

        var complete = (await AnalyzerDiagnostics(document, analyzer)).Select(d => (d.Id, d.Location.SourceSpan.Start)).ToHashSet();
        var text = await document.GetTextAsync();
        var arguments = await DockerCallArguments(document);
        if (editorconfig?.Contains("_stream_apis", StringComparison.Ordinal) == true)
        {
            // The configured wrappers are found as the analyzer finds them: their calls' arguments are edited too.
            Assert.True(arguments.WrapperArguments > 0, "the configured wrappers' calls were not found:\n" + editorconfig);
        }

        foreach (var argument in arguments.Spans)
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

    /// <summary>The expression of every argument of every call that binds to a Docker.DotNet method or a configured wrapper.</summary>
    private static async Task<(List<TextSpan> Spans, int WrapperArguments)> DockerCallArguments(Document document)
    {
        var root = (await document.GetSyntaxRootAsync())!;
        var model = (await document.GetSemanticModelAsync())!;
        // The user's wrappers, as the analyzer sees them: the catalogue with the project's .editorconfig.
        var catalogue = PullAnalyzer.Catalogue.ApiCatalogue.TryCreate(model.Compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var spans = new List<TextSpan>();
        var wrapperArguments = 0;
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var isDocker = method.ContainingNamespace?.ToDisplayString().StartsWith("Docker.DotNet", StringComparison.Ordinal) == true;
            if (isDocker || catalogue?.TryClassify(method, root.SyntaxTree, out _) == true)
            {
                spans.AddRange(invocation.ArgumentList.Arguments.Select(argument => argument.Expression.Span));
                wrapperArguments += isDocker ? 0 : invocation.ArgumentList.Arguments.Count;
            }
        }

        return (spans, wrapperArguments);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), document.Project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
    }
}
