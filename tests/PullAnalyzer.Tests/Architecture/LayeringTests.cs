using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests.Architecture;

/// <summary>
/// The layers of docs/design.md §2, checked by the compiler: the analyzer's and the fixes' sources are compiled here, and
/// every name in them is bound. A layer may use the layers below it and never one above (Operations → Catalogue →
/// Discovery → ValueFlow → Verdicts → Rules); the fixes may use only the verdicts' property codecs
/// (<c>Verdicts.Properties</c>), the rule IDs (<c>Rules.Descriptors</c>) and the stream shapes those codecs carry.
/// </summary>
public class LayeringTests
{
    /// <summary>The analyzer's layers, lowest first: each is a folder of src/Analyzer and a namespace of its own.</summary>
    private static readonly string[] Layers = { "Operations", "Catalogue", "Discovery", "ValueFlow", "Verdicts", "Rules" };

    /// <summary>What the fixes may use of the analyzer, by namespace or by type.</summary>
    private static readonly string[] FixesMayUse =
    {
        "PullAnalyzer.Verdicts.Properties",
        "PullAnalyzer.Rules.Descriptors",
        "PullAnalyzer.Catalogue.StreamShape",
    };

    [Fact]
    public void Each_layer_uses_only_the_layers_below_it() =>
        AssertNoViolations(Uses(Sources("src/Analyzer"))
            .Where(use => LayerOf(use.From) is { } from && LayerOf(use.To) is { } to && Array.IndexOf(Layers, to) > Array.IndexOf(Layers, from))
            .Select(use => $"{use.Where}: {LayerOf(use.From)} uses {use.To} ({LayerOf(use.To)})"));

    [Fact]
    public void Each_analyzer_file_is_in_the_namespace_of_its_folder()
    {
        var wrong = new List<string>();
        foreach (var (path, tree) in Sources("src/Analyzer"))
        {
            var folder = Path.GetRelativePath(Path.Combine(DockerLibraries.RepositoryRoot, "src", "Analyzer"), Path.GetDirectoryName(path)!).Replace(Path.DirectorySeparatorChar, '.');
            var declared = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString()).ToList();
            if (declared.Count != 1 || declared[0] != "PullAnalyzer." + folder)
            {
                wrong.Add($"{path}: declares {string.Join(", ", declared)} in folder {folder}");
            }
        }

        AssertNoViolations(wrong);
    }

    [Fact]
    public void The_fixes_read_only_the_verdicts_property_codecs() =>
        AssertNoViolations(Uses(Sources("src/Analyzer").Concat(Sources("src/CodeFixes")))
            .Where(use => use.From.StartsWith("PullAnalyzer.CodeFixes", StringComparison.Ordinal)
                && LayerOf(use.To) is not null
                && !FixesMayUse.Any(allowed => use.To == allowed || use.To.StartsWith(allowed + ".", StringComparison.Ordinal)))
            .Select(use => $"{use.Where}: the fixes use {use.To}"));

    /// <summary>The layering test itself finds a use that goes up: ValueFlow naming a Rules type.</summary>
    [Fact]
    public void A_use_of_a_higher_layer_is_found()
    {
        var broken = CSharpSyntaxTree.ParseText(
            "namespace PullAnalyzer.ValueFlow { internal static class Broken { public static string Text => PullAnalyzer.Rules.Messages.Discarded; } }",
            path: "Broken.cs");
        Assert.Contains(Uses(Sources("src/Analyzer").Append(("Broken.cs", broken))), use => LayerOf(use.From) == "ValueFlow" && use.To == "PullAnalyzer.Rules.Messages");
    }

    private static void AssertNoViolations(IEnumerable<string> violations)
    {
        var list = violations.Distinct().ToList();
        Assert.True(list.Count == 0, "layering broken:\n" + string.Join("\n", list));
    }

    /// <summary>The analyzer layer a namespace or a type's full name belongs to; null outside them (the fixes, the generated help links).</summary>
    private static string? LayerOf(string name) =>
        Layers.FirstOrDefault(layer => name == "PullAnalyzer." + layer || name.StartsWith("PullAnalyzer." + layer + ".", StringComparison.Ordinal));

    private static IEnumerable<(string Path, SyntaxTree Tree)> Sources(string folder)
    {
        var root = Path.Combine(DockerLibraries.RepositoryRoot, folder);
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }

            yield return (path, CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path));
        }
    }

    /// <summary>
    /// Every use of a PullAnalyzer type in the sources: the namespace of the code that names it, the full name of the type
    /// named (or whose member is named), and where. The sources are compiled with the Roslyn assemblies the tests load.
    /// </summary>
    private static IEnumerable<(string From, string To, string Where)> Uses(IEnumerable<(string Path, SyntaxTree Tree)> sources)
    {
        // The help-link constant is generated into obj/ by the build; a stand-in is enough to bind against.
        var helpLinks = CSharpSyntaxTree.ParseText("namespace PullAnalyzer { internal static class HelpLinks { public const string Base = \"\"; } }");
        var trees = sources.Select(source => source.Tree).Append(helpLinks).ToList();
        var compilation = CSharpCompilation.Create("Layers", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, "the sources do not compile here:\n" + string.Join("\n", errors));

        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (SimpleNameSyntax or QualifiedNameSyntax) || node.Parent is QualifiedNameSyntax { Right: var right } && right == node
                    || node.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null || node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>()?.Name.Span.Contains(node.Span) == true)
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(node).Symbol;
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                var from = model.GetEnclosingSymbol(node.SpanStart)?.ContainingNamespace?.ToDisplayString()
                    ?? node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>()?.Name.ToString();
                if (type is null || from is null)
                {
                    continue;
                }

                var to = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
                var generic = to.IndexOf('<');
                to = generic < 0 ? to : to[..generic];
                if (to.StartsWith("PullAnalyzer.", StringComparison.Ordinal))
                {
                    var line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
                    yield return (from, to, Path.GetFileName(tree.FilePath) + ":" + line);
                }
            }
        }
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[]
            {
                typeof(Compilation).Assembly.Location,
                typeof(CSharpCompilation).Assembly.Location,
                typeof(Microsoft.CodeAnalysis.Workspace).Assembly.Location,
                typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions).Assembly.Location,
            })
            .Distinct(StringComparer.Ordinal)
            .Where(File.Exists)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());
}
