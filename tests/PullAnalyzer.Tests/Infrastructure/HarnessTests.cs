using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;
using Xunit.Sdk;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>The checks every analyzer test runs can fail: each is shown a mistake it must catch.</summary>
public class HarnessTests
{
    private const string TwoBuilds = """
        using System.IO;
        using System.Threading.Tasks;
        using Docker.DotNet;
        using Docker.DotNet.Models;
        class C
        {
            async Task M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                await client.Images.BuildImageFromDockerfileAsync(tar, p);
                await client.Images.BuildImageFromDockerfileAsync(tar, p);
            }
        }
        """;

    [Fact]
    public async Task A_fix_that_leaves_the_warning_at_its_call_is_caught()
    {
        var document = await FixCheck.CreateDocument(TwoBuilds, DockerLibrary.V3, LanguageVersion.Latest);
        var failure = await Assert.ThrowsAsync<TrueException>(() => FixCheck.AssertFixed(document, new CompletionStreamAnalyzer(), "PULL001", new CommentOnlyFix()));
        Assert.Contains("at the call it fixed", failure.Message);
    }

    [Fact]
    public async Task An_analyzer_that_warns_on_half_typed_code_is_caught()
    {
        var failure = await Assert.ThrowsAsync<TrueException>(() =>
            TypingSimulation.AssertNothingNew(TwoBuilds, DockerLibrary.V3, LanguageVersion.Latest, new WarnsOnUnboundCode()));
        Assert.Contains(TypingSimulation.Unbound, failure.Message);
    }

    [Fact]
    public Task The_analyzers_pass_the_typing_simulation_on_the_same_source() =>
        TypingSimulation.AssertNothingNew(TwoBuilds, DockerLibrary.V3, LanguageVersion.Latest, new CompletionStreamAnalyzer());

    /// <summary>A "fix" that only adds a comment: the warning stays where it was.</summary>
    private sealed class CommentOnlyFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("PULL001");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            context.RegisterCodeFix(CodeAction.Create("Comment", async cancellationToken =>
            {
                var root = await context.Document.GetSyntaxRootAsync(cancellationToken);
                return context.Document.WithSyntaxRoot(root!.WithLeadingTrivia(SyntaxFactory.Comment("// fixed?"), SyntaxFactory.CarriageReturnLineFeed));
            }, "Comment"), context.Diagnostics);
            return Task.CompletedTask;
        }
    }

    /// <summary>Reports every operation that does not bind: what the typing simulation must never see from a rule.</summary>
#pragma warning disable RS1036, RS2008 // a test double, never shipped: no release tracking or extended rules
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class WarnsOnUnboundCode : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST001", "Unbound", "Unbound code", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(operation => operation.ReportDiagnostic(Diagnostic.Create(Rule, operation.Operation.Syntax.GetLocation())), OperationKind.Invalid);
        }
    }
#pragma warning restore RS1036, RS2008
}
