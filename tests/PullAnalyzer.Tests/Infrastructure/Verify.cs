using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>Runs an analyzer on a source, with the framework's reference assemblies and one Docker client, and checks its diagnostics.</summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The usings every test source starts with; sources add their own class.</summary>
    public const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Docker.DotNet;
        using Docker.DotNet.Models;

        """;

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public static Task Analyze(string source, DockerLibrary library, params DiagnosticResult[] expected) =>
        Analyze(source, library, LanguageVersion.Latest, expected);

    /// <summary>
    /// Checks the analyzer's diagnostics; where it reports, also checks that the rule's code fix (every action, single
    /// and Fix All) turns the source into code that compiles and no longer triggers the rule.
    /// </summary>
    public static async Task Analyze(string source, DockerLibrary library, LanguageVersion languageVersion, params DiagnosticResult[] expected)
    {
        await AnalyzeOnly(source, library, languageVersion, expected);
        foreach (var id in expected.Select(e => e.Id).Distinct())
        {
            var document = await FixCheck.CreateDocument(DockerLibraries.Dialect(Usings + source, library), library, languageVersion);
            await FixCheck.AssertFixed(document, new TAnalyzer(), id);
        }
    }

    /// <summary>
    /// For the few shapes where no automatic edit is right (it would change what the code reads): checks the
    /// diagnostics, and that the light bulb offers nothing rather than a wrong edit.
    /// </summary>
    public static async Task AnalyzeExpectingNoFix(string source, DockerLibrary library, LanguageVersion languageVersion, params DiagnosticResult[] expected)
    {
        await AnalyzeOnly(source, library, languageVersion, expected);
        var document = await FixCheck.CreateDocument(DockerLibraries.Dialect(Usings + source, library), library, languageVersion);
        foreach (var id in expected.Select(e => e.Id).Distinct())
        {
            foreach (var diagnostic in await FixCheck.Diagnostics(document, new TAnalyzer(), id))
            {
                Assert.Empty(await FixCheck.Actions(document, FixCheck.ProviderFor(id)!, diagnostic));
            }
        }
    }

    /// <summary>Checks the diagnostics, and that no argument of a Docker call, half-typed, raises one the source does not.</summary>
    private static async Task AnalyzeOnly(string source, DockerLibrary library, LanguageVersion languageVersion, params DiagnosticResult[] expected)
    {
        var code = DockerLibraries.Dialect(Usings + source, library);
        var test = Create(library, languageVersion);
        test.TestCode = code;
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
        await TypingSimulation.AssertNothingNew(code, library, languageVersion, new TAnalyzer());
    }

    /// <summary>Runs the analyzer on code that does not compile (being typed, a reference missing), without asking for its compiler errors.</summary>
    public static async Task AnalyzeUnbound(string source, DockerLibrary library, params DiagnosticResult[] expected)
    {
        var test = Create(library);
        test.TestCode = DockerLibraries.Dialect(Usings + source, library);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> Create(DockerLibrary? library, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        if (library is { } lib)
        {
            test.TestState.AdditionalReferences.AddRange(DockerLibraries.References(lib));
        }

        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(languageVersion);
            return solution.WithProjectParseOptions(projectId, parse);
        });
        return test;
    }
}
