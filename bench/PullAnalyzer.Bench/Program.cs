using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Bench;

// Usage: PullAnalyzer.Bench [--lines N] [--runs N] [--seed N] [--quick] [--cold] [--dense]
//   --quick: PullAnalyzer only, corpus with Docker only
//   --cold:  also the first compilation in a fresh process (JIT included), each anchor in processes of its own
//   --dense: only the members dense with Docker calls (30 and 300 build calls in one member, each drained on one branch)
var quick = args.Contains("--quick");
var lines = Option("--lines", 200_000);
var runs = Option("--runs", 5);
var seed = Option("--seed", 1126);
var packages = typeof(CorpusGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PackageRoot").Value!;

var pullAnalyzer = new Anchor("PullAnalyzer", ImmutableArray.Create<DiagnosticAnalyzer>(
    new PullAnalyzer.Rules.CompletionStreamAnalyzer(), new PullAnalyzer.Rules.DataStreamAnalyzer(), new PullAnalyzer.Rules.UnawaitedTaskAnalyzer(), new PullAnalyzer.Rules.ProgressErrorAnalyzer()));
var idisposable = new Anchor("IDisposableAnalyzers", Load(Path.Combine(packages, "idisposableanalyzers/4.0.8/analyzers/dotnet/cs/IDisposableAnalyzers.dll")));
var netAnalyzers = Path.Combine(packages, "microsoft.codeanalysis.netanalyzers/9.0.0/analyzers/dotnet/cs");
var ca2000 = new Anchor("CA2000", Load(Path.Combine(netAnalyzers, "Microsoft.CodeAnalysis.NetAnalyzers.dll"), Path.Combine(netAnalyzers, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"))
    .Where(a => a.SupportedDiagnostics.Any(d => d.Id == "CA2000")).ToImmutableArray());

// The driver's own floor: four analyzers (as many as PullAnalyzer has) that register one compilation-start action and
// do nothing. What PullAnalyzer costs beyond this is its own work.
var floor = new Anchor("empty analyzers (floor)", Enumerable.Range(0, 4).Select(_ => (DiagnosticAnalyzer)new EmptyAnalyzer()).ToImmutableArray());

var anchors = new[] { floor, pullAnalyzer, idisposable, ca2000 };
if (args.Contains("--dense"))
{
    // Code dense with Docker calls must not cost more than compiling it, and the cost per call must stay flat.
    Console.WriteLine($"One member with N build calls, each drained on one branch only (every call is a PULL002), {runs} runs:");
    foreach (var (shape, calls) in new[] { DrainShape.CopyTo, DrainShape.ReadLoop }.SelectMany(shape => new[] { (shape, 30), (shape, 300) }))
    {
        if (calls == 30)
        {
            Console.WriteLine(shape == DrainShape.CopyTo ? "drained by CopyToAsync:" : "drained by a StreamReader line loop:");
        }

        var tree = CSharpSyntaxTree.ParseText(DenseMember.Source(calls, shape), new CSharpParseOptions(LanguageVersion.Latest), "Dense.cs");
        var references = Basics().Append(MetadataReference.CreateFromFile(typeof(Docker.DotNet.DockerClient).Assembly.Location)).ToList();
        Compilation Dense() => CSharpCompilation.Create("Dense", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var bound = Measure(runs, () =>
        {
            var stopwatch = Stopwatch.StartNew();
            var errors = Dense().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            if (errors > 0) throw new InvalidOperationException($"the dense member has {errors} compile errors");
            return stopwatch.Elapsed;
        });
        var analyzed = Measure(runs, () => pullAnalyzer.Time(Dense(), out _));
        pullAnalyzer.Time(Dense(), out var reported);
        Console.WriteLine($"{calls,4} calls: binding {Median(bound).TotalMilliseconds,8:0.0} ms   PullAnalyzer {Median(analyzed).TotalMilliseconds,8:0.0} ms" +
                          $" = {Median(analyzed).TotalMilliseconds / Median(bound).TotalMilliseconds,5:0.00}x binding   " +
                          $"{Median(analyzed).TotalMilliseconds * 1000 / calls,8:0} µs per call   ({reported} diagnostics)");
    }

    return;
}
if (Array.IndexOf(args, "--cold-one") is var coldIndex and >= 0)
{
    // A child of --cold: one anchor, once, on the first compilation this process makes.
    var anchor = anchors.Single(a => a.Name == args[coldIndex + 1]);
    var coldTrees = new CorpusGenerator(seed, withDocker: true).Files(lines)
        .Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToList();
    var coldReferences = Basics().Append(MetadataReference.CreateFromFile(typeof(Docker.DotNet.DockerClient).Assembly.Location)).ToList();
    var compilation = CSharpCompilation.Create("Corpus", coldTrees, coldReferences,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CA2000"] = ReportDiagnostic.Warn }));
    Console.WriteLine("COLD " + anchor.Time(compilation, out _).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Contains("--cold"))
{
    Console.WriteLine();
    Console.WriteLine($"First compilation in a fresh process (JIT included), corpus with Docker.DotNet, {runs} processes per analyzer:");
    var cold = new Dictionary<string, List<TimeSpan>>();
    foreach (var anchor in anchors)
    {
        cold[anchor.Name] = Enumerable.Range(0, runs).Select(_ => ColdRun(anchor.Name)).OrderBy(t => t).ToList();
        Console.WriteLine($"{anchor.Name,-28} {Format(cold[anchor.Name])}");
    }

    var coldPull = Median(cold["PullAnalyzer"]).TotalMilliseconds;
    foreach (var other in new[] { "IDisposableAnalyzers", "CA2000" })
    {
        Console.WriteLine($"{other + " / PullAnalyzer",-28} median {Median(cold[other]).TotalMilliseconds / Math.Max(coldPull, 0.001),8:0.0}x");
    }
}

TimeSpan ColdRun(string anchor)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    foreach (var argument in new[] { typeof(CorpusGenerator).Assembly.Location, "--cold-one", anchor, "--lines", lines.ToString(), "--seed", seed.ToString() })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
    {
        throw new InvalidOperationException($"the cold run of {anchor} failed: {output}");
    }

    var line = output.Split('\n').Single(l => l.StartsWith("COLD ", StringComparison.Ordinal));
    return TimeSpan.FromMilliseconds(double.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
}

foreach (var withDocker in quick ? new[] { true } : new[] { true, false })
{
    var generator = new CorpusGenerator(seed, withDocker);
    var trees = generator.Files(lines).Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToList();
    var lineCount = trees.Sum(t => t.GetText().Lines.Count);
    var references = Basics().ToList();
    if (withDocker)
    {
        references.Add(MetadataReference.CreateFromFile(typeof(Docker.DotNet.DockerClient).Assembly.Location));
    }

    var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CA2000"] = ReportDiagnostic.Warn });
    Compilation Fresh() => CSharpCompilation.Create("Corpus", trees, references, options);

    Console.WriteLine();
    Console.WriteLine($"Corpus {(withDocker ? "with" : "without")} Docker.DotNet: {trees.Count} files, {lineCount:N0} lines" +
                      (withDocker ? $", {generator.DockerMethods} methods call Docker" : ""));

    var binding = Measure(runs, () =>
    {
        var stopwatch = Stopwatch.StartNew();
        var errors = Fresh().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors > 0) throw new InvalidOperationException($"the corpus has {errors} compile errors");
        return stopwatch.Elapsed;
    });
    Console.WriteLine($"{"binding (GetDiagnostics)",-28} {Format(binding)}");

    var results = new Dictionary<string, List<TimeSpan>>();
    foreach (var anchor in quick ? new[] { pullAnalyzer } : anchors)
    {
        var times = Measure(runs, () => anchor.Time(Fresh(), out _));
        results[anchor.Name] = times;
        anchor.Time(Fresh(), out var found);
        var ratio = times.Select(t => t.TotalMilliseconds / Median(binding).TotalMilliseconds).OrderBy(r => r).ToList();
        Console.WriteLine($"{anchor.Name,-28} {Format(times)}   {ratio[ratio.Count / 2],8:P2} of binding   ({found} diagnostics)");
    }

    var pull = Median(results["PullAnalyzer"]).TotalMilliseconds;
    foreach (var other in quick ? Array.Empty<string>() : new[] { "IDisposableAnalyzers", "CA2000" })
    {
        if (pull < 0.05)
        {
            // Below the telemetry's resolution: PullAnalyzer registered nothing, so a ratio would be noise.
            Console.WriteLine($"{other + " / PullAnalyzer",-28} n/a (PullAnalyzer did no measurable work)");
            continue;
        }

        var ratios = results[other].Select(t => t.TotalMilliseconds / Math.Max(pull, 0.001)).OrderBy(r => r).ToList();
        Console.WriteLine($"{other + " / PullAnalyzer",-28} min {ratios[0],8:0.0}x   median {ratios[ratios.Count / 2],8:0.0}x   max {ratios[^1],8:0.0}x");
    }
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

static IEnumerable<MetadataReference> Basics() =>
    ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
        .Select(p => MetadataReference.CreateFromFile(p));

static ImmutableArray<DiagnosticAnalyzer> Load(params string[] paths)
{
    var loader = new Loader();
    foreach (var path in paths) loader.AddDependencyLocation(path);
    return paths.SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
}

// One warm-up, then the runs.
static List<TimeSpan> Measure(int runs, Func<TimeSpan> run)
{
    run();
    return Enumerable.Range(0, runs).Select(_ => run()).OrderBy(t => t).ToList();
}

static TimeSpan Median(List<TimeSpan> sorted) => sorted[sorted.Count / 2];

static string Format(List<TimeSpan> sorted) =>
    $"min {sorted[0].TotalMilliseconds,9:0.0} ms   median {Median(sorted).TotalMilliseconds,9:0.0} ms   max {sorted[^1].TotalMilliseconds,9:0.0} ms";

internal sealed class Anchor(string name, ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    public string Name { get; } = name;

    /// <summary>The analyzers' own execution time (Roslyn's telemetry), summed, on a compilation that was not bound yet.</summary>
    public TimeSpan Time(Compilation compilation, out int diagnostics)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
        var total = TimeSpan.Zero;
        foreach (var analyzer in analyzers)
        {
            total += withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
        }

        return total;
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("EMPTY001", "Empty", "Empty", "Bench", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(_ => { });
    }
}

internal sealed class Loader : IAnalyzerAssemblyLoader
{
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public void AddDependencyLocation(string fullPath) => System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) =>
    {
        var candidate = Path.Combine(Path.GetDirectoryName(fullPath)!, name.Name + ".dll");
        return File.Exists(candidate) ? LoadFromPath(candidate) : null;
    };

    public Assembly LoadFromPath(string fullPath)
    {
        lock (_loaded)
        {
            if (!_loaded.TryGetValue(fullPath, out var assembly))
            {
                assembly = Assembly.LoadFrom(fullPath);
                _loaded[fullPath] = assembly;
            }

            return assembly;
        }
    }
}
