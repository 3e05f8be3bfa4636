using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// Analyzers must never throw and fixes must never crash: every test input of this project, cut at each statement
/// boundary and at sampled token boundaries, and with random tokens deleted (fixed seed), is analyzed by every
/// PullAnalyzer rule and, where a diagnostic appears, fixed — under both Docker.DotNet versions.
/// </summary>
public class RobustnessTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers =
    {
        new CompletionStreamAnalyzer(), new DataStreamAnalyzer(), new UnawaitedTaskAnalyzer(), new ProgressErrorAnalyzer(),
    };

    /// <summary>Every raw string literal of the test sources: the inputs the analyzer and fix tests use.</summary>
    public static IReadOnlyList<string> Corpus { get; } = LoadCorpus();

    private static List<string> LoadCorpus()
    {
        var folder = Path.Combine(DockerLibraries.RepositoryRoot, "tests", "PullAnalyzer.Tests");
        var corpus = new List<string>();
        // The end-to-end tests' sources: the rules', the fixes' and the hand-on shapes' (not the model's unit tests).
        var files = new[] { "Rules", "Fixes", "HandingOn" }
            .SelectMany(part => Directory.GetFiles(Path.Combine(folder, part), "*Tests.cs", SearchOption.AllDirectories));
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(file), "\"\"\"(.*?)\"\"\"", RegexOptions.Singleline))
            {
                var text = Regex.Replace(match.Groups[1].Value, @"\{\|#\d+:|\|\}", string.Empty);
                if (text.Contains("class", StringComparison.Ordinal) || text.Contains("await", StringComparison.Ordinal))
                {
                    corpus.Add(Verify<CompletionStreamAnalyzer>.Usings + text);
                }
            }
        }

        return corpus;
    }

    [Fact]
    public void The_corpus_holds_the_test_inputs() => Assert.True(Corpus.Count >= 60, $"only {Corpus.Count} inputs found");

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task Cut_and_damaged_inputs_never_make_an_analyzer_or_a_fix_throw(DockerLibrary library)
    {
        var random = new Random(20261126);
        var failures = new ConcurrentBag<string>();
        var variants = Corpus.SelectMany(source => Variants(DockerLibraries.Dialect(source, library), random)).ToList();
        var baseDocument = await FixCheck.CreateDocument("", library, LanguageVersion.Latest);

        var analyzed = 0;
        var fixedCount = 0;
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (variant, _) =>
        {
            var document = baseDocument.WithText(Microsoft.CodeAnalysis.Text.SourceText.From(variant));
            var diagnostics = await Analyze(document, failures, variant);
            Interlocked.Increment(ref analyzed);
            foreach (var diagnostic in diagnostics.Take(3))
            {
                if (FixCheck.ProviderFor(diagnostic.Id) is not { } provider)
                {
                    continue;
                }

                try
                {
                    foreach (var action in await FixCheck.Actions(document, provider, diagnostic))
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                        Interlocked.Increment(ref fixedCount);
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"fix for {diagnostic.Id} threw {exception.GetType().Name}: {exception.Message}\n---\n{variant}");
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} failures of {variants.Count} variants; first:\n{failures.FirstOrDefault()}");
        Assert.True(analyzed > 1000, $"only {analyzed} variants analyzed");
        Console.WriteLine($"robustness ({library}): {analyzed} variants analyzed, {fixedCount} fixes computed, no exception");
        Assert.True(fixedCount > 100, $"only {fixedCount} fixes exercised");
    }

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task Concurrent_analysis_gives_the_same_diagnostics_every_time(DockerLibrary library)
    {
        var references = (await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None))
            .AddRange(DockerLibraries.References(library));
        var trees = Corpus.Select((source, i) => CSharpSyntaxTree.ParseText(DockerLibraries.Dialect(source, library), path: $"Input{i}.cs")).ToList();
        var compilation = CSharpCompilation.Create("All", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        async Task<string> Run()
        {
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(Analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
            return string.Join("\n", diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal));
        }

        var first = await Run();
        Assert.Contains("PULL001", first, StringComparison.Ordinal);
        Assert.Contains("PULL005", first, StringComparison.Ordinal);
        var runs = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(Run)));
        Assert.All(runs, run => Assert.Equal(first, run));
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(Document document, ConcurrentBag<string> failures, string variant)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}\n---\n{variant}"),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(diagnostic + "\n---\n" + variant);
        }

        return diagnostics.Where(d => d.Id.StartsWith("PULL", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>The source cut after each statement and at 12 sampled tokens, and 6 copies with 1–3 random tokens deleted.</summary>
    private static IEnumerable<string> Variants(string source, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        foreach (var statement in root.DescendantNodes().OfType<StatementSyntax>())
        {
            yield return source.Substring(0, statement.Span.End);
            yield return source.Substring(0, statement.SpanStart + (statement.Span.Length / 2));
        }

        var tokens = root.DescendantTokens().ToList();
        for (var i = 0; i < 12 && tokens.Count > 0; i++)
        {
            yield return source.Substring(0, tokens[random.Next(tokens.Count)].Span.End);
        }

        for (var i = 0; i < 6 && tokens.Count > 0; i++)
        {
            var text = source;
            foreach (var token in Enumerable.Range(0, 1 + random.Next(3)).Select(_ => tokens[random.Next(tokens.Count)]).OrderByDescending(t => t.SpanStart).Distinct())
            {
                text = text.Remove(token.SpanStart, token.Span.Length);
            }

            yield return text;
        }
    }
}
