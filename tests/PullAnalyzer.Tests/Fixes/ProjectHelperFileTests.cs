using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.CodeFixes;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests.Fixes;

/// <summary>
/// PULL005's helper without the runtime, across documents as an IDE applies it: one file per project, in the project's
/// root namespace, shared by every document of a Fix All and by every later fix, and an existing one recognised.
/// </summary>
public class ProjectHelperFileTests
{
    private static string Puller(string name) => Verify<ProgressErrorAnalyzer>.Usings + $$"""
        namespace Acme.Images.{{name}}s
        {
            sealed class {{name}}
            {
                private readonly IDockerClient _client;

                public {{name}}(IDockerClient client) => _client = client;

                public async Task PullAsync(string image)
                {
                    await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, new Progress<JSONMessage>());
                }
            }
        }
        """;

    [Theory]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task Fix_all_over_two_files_adds_one_helper_file(FixAllScope scope)
    {
        var project = await Project();
        var fixedProject = await FixAll(project, scope);

        var helpers = fixedProject.Documents.Where(document => document.Name == "EngineErrorProgress.cs").ToList();
        var helper = Assert.Single(helpers);
        var text = (await helper.GetTextAsync()).ToString();
        Assert.StartsWith("using System;\nusing Docker.DotNet.Models;\n\nnamespace Acme.Images;\n\n", text, StringComparison.Ordinal);
        Assert.Contains("internal sealed class EngineErrorProgress", text, StringComparison.Ordinal);
        foreach (var document in fixedProject.Documents.Where(document => document.Name != "EngineErrorProgress.cs"))
        {
            var source = (await document.GetTextAsync()).ToString();
            Assert.DoesNotContain("class EngineErrorProgress", source, StringComparison.Ordinal);
            Assert.Contains("new EngineErrorProgress(new Progress<JSONMessage>())", source, StringComparison.Ordinal);
        }

        await AssertCompilesWithout(fixedProject, "PULL005");
    }

    [Fact]
    public async Task A_later_fix_uses_the_helper_an_earlier_one_added()
    {
        var project = await Project();
        var first = project.Documents.Single(document => document.Name == "FirstPuller.cs");
        var afterFirst = await FixOne(first);
        Assert.Single(afterFirst.Documents, document => document.Name == "EngineErrorProgress.cs");

        var second = afterFirst.Documents.Single(document => document.Name == "SecondPuller.cs");
        var afterSecond = await FixOne(second);
        Assert.Single(afterSecond.Documents, document => document.Name == "EngineErrorProgress.cs");
        await AssertCompilesWithout(afterSecond, "PULL005");
    }

    /// <summary>A type of that name that is not the helper (no ThrowIfFailed) in the root namespace: no fix rather than a clash.</summary>
    [Fact]
    public async Task A_clashing_type_of_that_name_means_no_fix()
    {
        var project = (await Project()).AddDocument("Clash.cs", "namespace Acme.Images { class EngineErrorProgress { } }").Project;
        var first = project.Documents.Single(document => document.Name == "FirstPuller.cs");
        var after = await FixOne(first);
        Assert.Equal((await first.GetTextAsync()).ToString(), (await after.GetDocument(first.Id)!.GetTextAsync()).ToString());
        Assert.DoesNotContain(after.Documents, document => document.Name == "EngineErrorProgress.cs");
    }

    private static async Task<Project> Project()
    {
        var document = await FixCheck.CreateDocument(DockerLibraries.Dialect(Puller("FirstPuller"), DockerLibrary.V3), DockerLibrary.V3, LanguageVersion.Latest);
        var project = document.Project.Solution.WithProjectDefaultNamespace(document.Project.Id, "Acme.Images").GetProject(document.Project.Id)!;
        project = project.GetDocument(document.Id)!.WithName("FirstPuller.cs").Project;
        return project.AddDocument("SecondPuller.cs", DockerLibraries.Dialect(Puller("SecondPuller"), DockerLibrary.V3)).Project;
    }

    private static async Task<Project> FixAll(Project project, FixAllScope scope)
    {
        var provider = new EngineErrorProgressCodeFixProvider();
        var all = (await Diagnostics(project)).ToImmutableArray();
        Assert.Equal(2, all.Length);
        var first = project.GetDocument(all[0].Location.SourceTree)!;
        var actions = await FixCheck.Actions(first, provider, all[0]);
        var context = new FixAllContext(first, provider, scope, actions[0].EquivalenceKey!, new[] { "PULL005" }, new ByDocument(project, all), CancellationToken.None);
        var action = await provider.GetFixAllProvider().GetFixAsync(context);
        return await Applied(action!, project.Id);
    }

    private static async Task<Project> FixOne(Document document)
    {
        var diagnostic = (await Diagnostics(document.Project)).Single(d => d.Location.SourceTree == (document.GetSyntaxTreeAsync().Result));
        var actions = await FixCheck.Actions(document, new EngineErrorProgressCodeFixProvider(), diagnostic);
        return await Applied(actions[0], document.Project.Id);
    }

    private static async Task<Project> Applied(CodeAction action, ProjectId project)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project)!;
    }

    private static async Task<IEnumerable<Diagnostic>> Diagnostics(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ProgressErrorAnalyzer())).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id == "PULL005").OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start);
    }

    private static async Task AssertCompilesWithout(Project project, string id)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.DoesNotContain(await Diagnostics(project), d => d.Id == id);
    }

    private sealed class ByDocument(Project project, ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project p, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree == document.GetSyntaxTreeAsync(cancellationToken).Result && document.Project.Id == project.Id));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project p, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
