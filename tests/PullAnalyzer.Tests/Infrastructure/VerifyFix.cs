using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>
/// Code-fix tests with Microsoft.CodeAnalysis.CSharp.CodeFix.Testing: exact fixed text, the fixed state compiled (a fix
/// that produces an error fails the test), single fix and Fix All in document, project and solution.
/// </summary>
public static class VerifyFix<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public static async Task Fix(string source, string fixedSource, DockerLibrary library, DiagnosticResult[] expected,
        LanguageVersion languageVersion = LanguageVersion.Latest, int actionIndex = 0, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        NullableContextOptions nullable = NullableContextOptions.Enable, IEnumerable<MetadataReference>? extraReferences = null,
        DiagnosticResult[]? remaining = null, string? fixedUsings = null, (string Name, string Text)[]? addedFiles = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            TestCode = DockerLibraries.Dialect(Verify<TAnalyzer>.Usings + source, library),
            // A fix may add a using directive (System.Text.Json for the error check): then the fixed file's usings differ.
            FixedCode = DockerLibraries.Dialect((fixedUsings ?? Verify<TAnalyzer>.Usings) + fixedSource, library),
            CodeActionIndex = actionIndex,
        };
        test.TestState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(DockerLibraries.References(library));
        test.TestState.AdditionalReferences.AddRange(extraReferences ?? Array.Empty<MetadataReference>());
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining ?? Array.Empty<DiagnosticResult>());
        // Files a fix adds to the project (the PULL005 helper), after the fixed document.
        foreach (var (name, text) in addedFiles ?? Array.Empty<(string, string)>())
        {
            test.FixedState.Sources.Add((name, text));
        }

        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            solution = solution.WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(languageVersion));
            return solution.WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!)
                .WithNullableContextOptions(languageVersion >= LanguageVersion.CSharp8 ? nullable : NullableContextOptions.Disable));
        });
        await test.RunAsync();
    }
}
