using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;
using PullAnalyzer.Operations;
using PullAnalyzer.Tests.Infrastructure;
using PullAnalyzer.ValueFlow;
using Xunit;

namespace PullAnalyzer.Tests.Model;

/// <summary>
/// Compiles a snippet and hands the parts of the analysis one Docker call at a time, so that the value-flow model, the
/// path checker and the contract table are tested on their own (as IDisposableAnalyzers tests its helpers).
/// </summary>
internal sealed class ModelHarness
{
    private ModelHarness(Compilation compilation, SemanticModel model, CompilationAnalysis analysis)
    {
        Compilation = compilation;
        Model = model;
        Analysis = analysis;
    }

    public Compilation Compilation { get; }

    public SemanticModel Model { get; }

    public CompilationAnalysis Analysis { get; }

    public static async Task<ModelHarness> Compile(string body, DockerLibrary library = DockerLibrary.V3)
    {
        var source = DockerLibraries.Dialect(Verify<CompletionStreamAnalyzer>.Usings + body, library);
        var document = await FixCheck.CreateDocument(source, library, LanguageVersion.Latest);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single();
        var analysis = CompilationAnalysis.For(compilation, null) ?? throw new InvalidOperationException("no Docker.DotNet in the compilation");
        // The analysis's own model of the tree: every part of the analysis sees one operation tree per member.
        return new ModelHarness(compilation, analysis.Graphs.ModelOf(tree), analysis);
    }

    /// <summary>The <paramref name="occurrence"/>th call of the Docker.DotNet method <paramref name="name"/>, with what it is.</summary>
    public (IOperation Value, DockerCall Docker) Stream(string name, int occurrence = 0)
    {
        var (call, docker) = Call(name, occurrence);
        var value = StreamCallSite.StreamValue(call, docker, Analysis.Catalogue, new WalkContext(CancellationToken.None)) ?? throw new InvalidOperationException("no stream value");
        return (value, docker);
    }

    public ConsumptionFacts Track(string name, int occurrence = 0)
    {
        var (value, docker) = Stream(name, occurrence);
        return Analysis.Tracker.Track(value, docker.Shape, new WalkContext(CancellationToken.None));
    }

    /// <summary>
    /// The <paramref name="occurrence"/>th call of <paramref name="name"/> as the rules get it: a site whose reports go to
    /// <paramref name="reported"/> and whose walks stop when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public DockerCallSite Site(string name, List<Diagnostic> reported, CancellationToken cancellationToken, int occurrence = 0)
    {
        var (call, docker) = Call(name, occurrence);
        return new DockerCallSite(reported.Add, cancellationToken, Analysis.Graphs, call, docker);
    }

    /// <summary>The <paramref name="occurrence"/>th call of <paramref name="name"/>, bound, with what the catalogue makes of it.</summary>
    private (IInvocationOperation Call, DockerCall Docker) Call(string name, int occurrence)
    {
        var invocation = Model.SyntaxTree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(call => call.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == name)
            .ElementAt(occurrence);
        var call = (IInvocationOperation)Model.GetOperation(invocation)!;
        Assert.True(Analysis.Catalogue.TryClassify(call.TargetMethod, Model.SyntaxTree, out var docker));
        return (call, docker);
    }

    /// <summary>The flow graph of the member that holds <paramref name="value"/>.</summary>
    public static ControlFlowGraph Graph(IOperation value) => OperationTree.RootOf(value) switch
    {
        IMethodBodyOperation body => ControlFlowGraph.Create(body),
        var other => throw new InvalidOperationException("no graph for " + other.Kind),
    };
}
