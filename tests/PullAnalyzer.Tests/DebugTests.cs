using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
namespace PullAnalyzer.Tests;
public class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dump()
    {
        var src = DockerLibraries.Dialect(Verify<CompletionStreamAnalyzer>.Usings + """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                using var stream = await client.Exec.$ExecStart$(id$ExecArgs$);
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (result.EOF) break;
                }
            }
        }
        """, DockerLibrary.V3);
        var refs = (await Microsoft.CodeAnalysis.Testing.ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, default)).AddRange(DockerLibraries.References(DockerLibrary.V3));
        var tree = CSharpSyntaxTree.ParseText(src);
        var comp = CSharpCompilation.Create("x", new[] { tree }, refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        foreach (var d in comp.GetDiagnostics()) output.WriteLine(d.ToString());
        var model = comp.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First();
        var op = model.GetOperation(method)!;
        var cat = ApiCatalogue.TryCreate(comp)!;
        var inv = op.Descendants().OfType<IInvocationOperation>().First();
        var value = StreamCallSite.StreamValue(inv, cat)!;
        var facts = new PullAnalyzer.Consumption.ConsumptionTracker(new PullAnalyzer.Consumption.DrainDetector(cat)).Track(value, StreamShape.Multiplexed);
        output.WriteLine($"done={string.Join(" | ", facts.DoneSites)} dispose={facts.HasDispose}");
        var cfg = ControlFlowGraph.Create((IMethodBodyOperation)op);
        foreach (var b in cfg.Blocks) { output.WriteLine($"B{b.Ordinal} {b.Kind} cond->{b.ConditionalSuccessor?.Destination?.Ordinal} fall->{b.FallThroughSuccessor?.Destination?.Ordinal} {b.FallThroughSuccessor?.Semantics}"); foreach (var o in b.Operations) output.WriteLine("   " + o.Kind + ": " + o.Syntax); if (b.BranchValue != null) output.WriteLine("   BV: " + b.BranchValue.Syntax); }
        output.WriteLine(PullAnalyzer.Consumption.PathChecker.Check(cfg, value, facts, true).ToString());
    }
}
