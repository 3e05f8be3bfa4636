using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>
/// Code being typed must never start warning (docs/design.md §3): for every Docker.DotNet call of a test source, every
/// call of a wrapper the user configured (.editorconfig or [MustReadToEnd]), and every other call or construction that
/// receives a Docker stream (`new StreamReader(output)`, a helper), each argument in turn is replaced by a name that does
/// not bind yet, and the analyzer may report nothing there that the complete source does not. Every source
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
        var dockerCalls = new List<InvocationExpressionSyntax>();
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var isDocker = method.ContainingNamespace?.ToDisplayString().StartsWith("Docker.DotNet", StringComparison.Ordinal) == true;
            if (isDocker || catalogue?.TryClassify(method, root.SyntaxTree, out _) == true)
            {
                dockerCalls.Add(invocation);
                spans.AddRange(invocation.ArgumentList.Arguments.Select(argument => argument.Expression.Span));
                wrapperArguments += isDocker ? 0 : invocation.ArgumentList.Arguments.Count;
            }
        }

        // Every argument of every other call or construction that receives a Docker stream (a Docker call's value, or a
        // local that holds one or a wrapper over one): `new StreamReader(output)`, `new TarReader(export, …)`, a helper.
        var carriers = StreamLocals(root, model, dockerCalls);
        foreach (var call in root.DescendantNodes().Where(node => node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            var arguments = call switch
            {
                InvocationExpressionSyntax invocation when !dockerCalls.Contains(invocation) => invocation.ArgumentList.Arguments,
                BaseObjectCreationExpressionSyntax { ArgumentList: { } list } => list.Arguments,
                _ => default,
            };
            if (arguments.Any(argument => Unwrapped(argument.Expression) is var value
                    && (value is InvocationExpressionSyntax nested && dockerCalls.Contains(nested)
                        || value is IdentifierNameSyntax name && model.GetSymbolInfo(name).Symbol is ILocalSymbol local && carriers.Contains(local))))
            {
                spans.AddRange(arguments.Select(argument => argument.Expression.Span).Where(span => !spans.Contains(span)));
            }
        }

        return (spans, wrapperArguments);
    }

    /// <summary>The value an argument passes, inside parentheses, <c>await</c>, casts, <c>!</c> and <c>ConfigureAwait</c>.</summary>
    private static ExpressionSyntax Unwrapped(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => Unwrapped(parenthesized.Expression),
        AwaitExpressionSyntax awaited => Unwrapped(awaited.Expression),
        CastExpressionSyntax cast => Unwrapped(cast.Expression),
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed => Unwrapped(suppressed.Operand),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access } => Unwrapped(access.Expression),
        _ => expression,
    };

    /// <summary>The locals that hold a Docker call's value, or a value built on such a local (a reader over it), to a fixed point.</summary>
    private static HashSet<ILocalSymbol> StreamLocals(SyntaxNode root, SemanticModel model, List<InvocationExpressionSyntax> dockerCalls)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var declarators = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(d => d.Initializer is not null).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var declarator in declarators)
            {
                if (model.GetDeclaredSymbol(declarator) is ILocalSymbol local && !locals.Contains(local)
                    && Unwrapped(declarator.Initializer!.Value) is var value
                    && (value is InvocationExpressionSyntax invocation && dockerCalls.Contains(invocation)
                        || value is IdentifierNameSyntax alias && model.GetSymbolInfo(alias).Symbol is ILocalSymbol aliased && locals.Contains(aliased)
                        || value is BaseObjectCreationExpressionSyntax { ArgumentList: { } list } && list.Arguments.Any(argument =>
                            Unwrapped(argument.Expression) is IdentifierNameSyntax name && model.GetSymbolInfo(name).Symbol is ILocalSymbol used && locals.Contains(used))))
                {
                    changed |= locals.Add(local);
                }
            }
        }

        return locals;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), document.Project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
    }
}
