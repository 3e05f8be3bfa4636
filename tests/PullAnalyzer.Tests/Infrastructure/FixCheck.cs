using System.Reflection;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.CodeFixes;
using Xunit;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>
/// Applies a rule's code fix (each of its actions, as a single fix and as Fix All in the document) to a source the
/// analyzer reports on, and asserts that the result compiles and the rule no longer fires. Every positive analyzer test
/// runs it (see <see cref="Verify{TAnalyzer}"/>).
/// </summary>
public static class FixCheck
{
    private static readonly Regex Markup = new(@"\{\|#\d+:|\|\}", RegexOptions.Compiled);

    /// <summary>Every code-fix provider the package ships, found as the IDE finds them: by their export attribute.</summary>
    public static IReadOnlyList<CodeFixProvider> Providers { get; } =
        typeof(PullCodeFixProvider).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToList();

    /// <summary>The provider whose <see cref="CodeFixProvider.FixableDiagnosticIds"/> name <paramref name="id"/>.</summary>
    public static CodeFixProvider? ProviderFor(string id) => Providers.SingleOrDefault(provider => provider.FixableDiagnosticIds.Contains(id));

    public static async Task<Document> CreateDocument(string source, DockerLibrary? library, LanguageVersion languageVersion,
        IEnumerable<MetadataReference>? extraReferences = null, NullableContextOptions nullable = NullableContextOptions.Enable)
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Fixed", LanguageNames.CSharp)
            .WithMetadataReferences(references.AddRange(library is { } lib ? DockerLibraries.References(lib) : Array.Empty<MetadataReference>())
                .AddRange(extraReferences ?? Array.Empty<MetadataReference>()))
            .WithParseOptions(new CSharpParseOptions(languageVersion))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions:
                languageVersion >= LanguageVersion.CSharp8 ? nullable : NullableContextOptions.Disable));
        return project.AddDocument("Test0.cs", Markup.Replace(source, string.Empty));
    }

    /// <summary>Asserts that every action of the rule's fix removes the rule's diagnostics and leaves code that compiles.</summary>
    public static async Task AssertFixed(Document document, DiagnosticAnalyzer analyzer, string id, CodeFixProvider? provider = null)
    {
        provider ??= ProviderFor(id) ?? throw new InvalidOperationException("no fix for " + id);
        var diagnostics = await Diagnostics(document, analyzer, id);
        Assert.NotEmpty(diagnostics);

        // Every diagnostic of a positive test has a fix; the shapes with none are tested through AnalyzeExpectingNoFix.
        foreach (var diagnostic in diagnostics)
        {
            Assert.True((await Actions(document, provider, diagnostic)).Count > 0, $"no code fix offered for {diagnostic} in:\n{await Text(document)}");
        }

        var actions = await Actions(document, provider, diagnostics[0]);
        foreach (var action in actions)
        {
            var fixedDocument = await Apply(document, action);
            await AssertClean(fixedDocument, analyzer, id, action.Title, allFixed: diagnostics.Length == 1);
            await AssertNotAtSameCall(document, fixedDocument, diagnostics[0], analyzer, action.Title);

            // Fix All of an action fixes every diagnostic that offers it; one that offers only other actions may stay.
            var offering = new List<Diagnostic>();
            foreach (var diagnostic in diagnostics)
            {
                if ((await Actions(document, provider, diagnostic)).Any(other => other.EquivalenceKey == action.EquivalenceKey))
                {
                    offering.Add(diagnostic);
                }
            }

            var fixAll = provider.GetFixAllProvider()!;
            var context = new FixAllContext(document, provider, FixAllScope.Document, action.EquivalenceKey!, new[] { id },
                new FixedDiagnostics(offering.ToImmutableArray()), CancellationToken.None);
            var fixAllAction = await fixAll.GetFixAsync(context);
            Assert.NotNull(fixAllAction);
            await AssertClean(await Apply(document, fixAllAction!), analyzer, id, "Fix All: " + action.Title, allFixed: offering.Count == diagnostics.Length);
        }
    }

    public static async Task<ImmutableArray<Diagnostic>> Diagnostics(Document document, DiagnosticAnalyzer analyzer, string id)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var all = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        return all.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    public static async Task<List<CodeAction>> Actions(Document document, CodeFixProvider provider, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions;
    }

    public static async Task<Document> Apply(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id)!;
    }

    private static async Task AssertClean(Document fixedDocument, DiagnosticAnalyzer analyzer, string id, string title, bool allFixed)
    {
        var text = await Text(fixedDocument);
        var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"'{title}' produced code that does not compile:\n{string.Join("\n", errors)}\n---\n{text}");
        if (allFixed)
        {
            var left = await Diagnostics(fixedDocument, analyzer, id);
            Assert.True(left.IsEmpty, $"'{title}' left {id}:\n{string.Join("\n", left)}\n---\n{text}");
        }
    }

    /// <summary>
    /// Applying a fix never leaves the same rule firing at the same call (a fix that inserts a second drain, a third, …
    /// each time it is applied would pass a check that only counts diagnostics). The call is found again in the fixed
    /// code as the same occurrence of its member's name: fixes write drains and disposes, never Docker calls.
    /// </summary>
    private static async Task AssertNotAtSameCall(Document original, Document fixedDocument, Diagnostic fixedDiagnostic, DiagnosticAnalyzer analyzer, string title)
    {
        var name = (await original.GetSyntaxRootAsync())!.FindToken(fixedDiagnostic.Location.SourceSpan.Start);
        var occurrences = (await original.GetSyntaxRootAsync())!.DescendantTokens().Where(token => token.ValueText == name.ValueText).ToList();
        var occurrence = occurrences.IndexOf(name);
        var fixedOccurrences = (await fixedDocument.GetSyntaxRootAsync())!.DescendantTokens().Where(token => token.ValueText == name.ValueText).ToList();
        Assert.True(fixedOccurrences.Count == occurrences.Count, $"'{title}' added or removed a call of {name.ValueText}:\n{await Text(fixedDocument)}");

        var place = fixedOccurrences[occurrence].Span;
        var left = (await Diagnostics(fixedDocument, analyzer, fixedDiagnostic.Id)).Where(diagnostic => diagnostic.Location.SourceSpan == place).ToList();
        Assert.True(left.Count == 0, $"'{title}' left {fixedDiagnostic.Id} at the call it fixed:\n{string.Join("\n", left)}\n---\n{await Text(fixedDocument)}");
    }

    private static async Task<string> Text(Document document) => (await document.GetTextAsync()).ToString();

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
