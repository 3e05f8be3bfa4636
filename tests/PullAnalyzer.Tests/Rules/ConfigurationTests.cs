using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests.Rules;

/// <summary>The user's own stream-returning APIs: .editorconfig keys and the [MustReadToEnd] attribute (docs/configuration.md).</summary>
public class ConfigurationTests
{
    private const string Wrappers = """
        namespace Acme.Docker
        {
            public sealed class ImageBuilder
            {
                public Task<Stream> BuildAsync(Stream context) => Task.FromResult<Stream>(new MemoryStream());
                public Task<Stream> BuildAsync(Stream context, string tag) => Task.FromResult<Stream>(new MemoryStream());
                public Task<Stream> TailAsync(string container) => Task.FromResult<Stream>(new MemoryStream());
            }
        }
        class C
        {
            async Task M(Acme.Docker.ImageBuilder builder, Stream tar, IDockerClient client)
            {
                await builder.{|#0:BuildAsync|}(tar);
                await builder.{|#1:BuildAsync|}(tar, "app:1");
                _ = await builder.{|#2:TailAsync|}("web");
            }
        }
        """;

    private static async Task Run(DockerLibrary library, string? editorconfig, string source, params DiagnosticResult[] expected)
    {
        var completion = Verify<CompletionStreamAnalyzer>.Create(library);
        var data = Verify<DataStreamAnalyzer>.Create(library);
        foreach (var test in new AnalyzerTest<DefaultVerifier>[] { completion, data })
        {
            test.TestState.Sources.Add(("/0/Test0.cs", DockerLibraries.Dialect(Verify<CompletionStreamAnalyzer>.Usings + source, library)));
            if (editorconfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorconfig));
            }
        }

        completion.ExpectedDiagnostics.AddRange(expected.Where(d => d.Id != "PULL004"));
        data.ExpectedDiagnostics.AddRange(expected.Where(d => d.Id == "PULL004"));
        await completion.RunAsync();
        await data.RunAsync();

        // Half-typed arguments of the configured wrappers' calls raise nothing new either.
        var code = DockerLibraries.Dialect(Verify<CompletionStreamAnalyzer>.Usings + source, library);
        await TypingSimulation.AssertNothingNew(code, library, LanguageVersion.Latest, new CompletionStreamAnalyzer(), editorconfig: editorconfig);
        await TypingSimulation.AssertNothingNew(code, library, LanguageVersion.Latest, new DataStreamAnalyzer(), editorconfig: editorconfig);
    }

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Wrappers_are_not_reported_without_configuration(DockerLibrary library) =>
        Run(library, null, Wrappers.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("|}", ""));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Documentation_ids_and_names_in_editorconfig_make_wrappers_count(DockerLibrary library) => Run(library,
        "pull_analyzer.completion_stream_apis = M:Acme.Docker.ImageBuilder.BuildAsync(System.IO.Stream) | M:Acme.Docker.ImageBuilder.BuildAsync(System.IO.Stream,System.String)\n" +
        "pull_analyzer.data_stream_apis = Acme.Docker.ImageBuilder.TailAsync\n",
        Wrappers,
        new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0),
        new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1),
        new DiagnosticResult("PULL004", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(2).WithArguments("ImageBuilder.TailAsync", "is discarded"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task One_overload_listed_leaves_the_other_alone(DockerLibrary library) => Run(library,
        "pull_analyzer.completion_stream_apis = M:Acme.Docker.ImageBuilder.BuildAsync(System.IO.Stream,System.String)\n",
        Wrappers.Replace("{|#0:", "").Replace("{|#2:", "").Replace("BuildAsync|}(tar)", "BuildAsync(tar)").Replace("TailAsync|}", "TailAsync"),
        new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task MustReadToEnd_attribute_in_any_namespace_marks_a_completion_stream(DockerLibrary library) => Run(library, null, """
        namespace Somewhere.Else
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class MustReadToEndAttribute : Attribute { }
        }
        namespace Acme.Docker
        {
            public static class Builds
            {
                [Somewhere.Else.MustReadToEnd]
                public static Task<Stream> StartBuildAsync(Stream context) => Task.FromResult<Stream>(new MemoryStream());
                public static Task<Stream> OtherAsync(Stream context) => Task.FromResult<Stream>(new MemoryStream());
            }
        }
        class C
        {
            async Task M(Stream tar, IDockerClient client, bool flag)
            {
                await Acme.Docker.Builds.{|#0:StartBuildAsync|}(tar);
                using var output = await Acme.Docker.Builds.{|#1:StartBuildAsync|}(tar);
                if (flag) return;
                await output.CopyToAsync(Stream.Null);
                await Acme.Docker.Builds.OtherAsync(tar);
            }
        }
        """,
        new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0),
        new DiagnosticResult("PULL002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_configured_name_without_the_Async_suffix_is_found_too(DockerLibrary library) => Run(library,
        "pull_analyzer.completion_stream_apis = Acme.Docker.Legacy.Build\n", """
        namespace Acme.Docker
        {
            public static class Legacy
            {
                public static Stream Build(Stream context) => new MemoryStream();
            }
        }
        class C
        {
            void M(Stream tar, IDockerClient client)
            {
                // Build(tar) in a comment is not a call
                Acme.Docker.Legacy.{|#0:Build|}(tar);
                var text = "Legacy.Build(tar)";
            }
        }
        """,
        new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0));

    /// <summary>
    /// .editorconfig applies per file: in one project, a folder whose section lists the build wrapper gets PULL001 for
    /// it, and a folder whose section lists the log wrapper gets PULL004 for that one; neither applies in the other.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task Two_folders_with_different_configuration_in_one_project(DockerLibrary library)
    {
        const string api = """
            namespace Acme.Docker
            {
                public static class Wrappers
                {
                    public static Task<Stream> BuildAsync(Stream context) => Task.FromResult<Stream>(new MemoryStream());
                    public static Task<Stream> TailAsync(string container) => Task.FromResult<Stream>(new MemoryStream());
                }
            }
            """;
        string Calls(string type, string build, string tail) => $$"""
            class {{type}}
            {
                async Task M(Stream tar, IDockerClient client)
                {
                    await Acme.Docker.Wrappers.{{build}}(tar);
                    _ = await Acme.Docker.Wrappers.{{tail}}("web");
                }
            }
            """;
        var usings = Verify<CompletionStreamAnalyzer>.Usings;
        var sources = new (string Path, string Text)[]
        {
            ("/0/Api.cs", DockerLibraries.Dialect(usings + api, library)),
            ("/0/images/Images.cs", DockerLibraries.Dialect(usings + Calls("Images", "{|#0:BuildAsync|}", "TailAsync"), library)),
            ("/0/logs/Logs.cs", DockerLibraries.Dialect(usings + Calls("Logs", "BuildAsync", "{|#1:TailAsync|}"), library)),
        };
        var configs = new (string Path, string Text)[]
        {
            ("/0/images/.editorconfig", "[*.cs]\npull_analyzer.completion_stream_apis = Acme.Docker.Wrappers.BuildAsync\n"),
            ("/0/logs/.editorconfig", "[*.cs]\npull_analyzer.data_stream_apis = Acme.Docker.Wrappers.TailAsync\n"),
        };

        var completion = Verify<CompletionStreamAnalyzer>.Create(library);
        var data = Verify<DataStreamAnalyzer>.Create(library);
        foreach (var test in new AnalyzerTest<DefaultVerifier>[] { completion, data })
        {
            test.TestState.Sources.AddRange(sources.Select(s => (s.Path, Microsoft.CodeAnalysis.Text.SourceText.From(s.Text))));
            test.TestState.AnalyzerConfigFiles.AddRange(configs.Select(c => (c.Path, Microsoft.CodeAnalysis.Text.SourceText.From(c.Text))));
        }

        completion.ExpectedDiagnostics.Add(new DiagnosticResult("PULL001", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0));
        data.ExpectedDiagnostics.Add(new DiagnosticResult("PULL004", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1));
        await completion.RunAsync();
        await data.RunAsync();
    }
}
