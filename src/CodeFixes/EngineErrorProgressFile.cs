using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// The helper PULL005's fix uses in a project without PullAnalyzer.Runtime: one internal <c>EngineErrorProgress</c>
    /// per project, in a file of its own named for it, in the project's root namespace. Every later fix, and every
    /// document of a Fix All, uses the same one; a project that already has it (added by an earlier fix) is not given a
    /// second. Synchronous (Docker.DotNet calls Report inline, in order), it forwards every message, keeps the first
    /// in-band error and throws it after the call; it uses only <c>JSONMessage.Error</c>, which both Docker.DotNet 3.x
    /// and the Enhanced fork have.
    /// </summary>
    internal sealed class EngineErrorProgressFile
    {
        public const string FileName = ProgressProperties.HelperType + ".cs";

        private EngineErrorProgressFile(string? @namespace, bool exists)
        {
            Namespace = @namespace;
            Exists = exists;
        }

        /// <summary>The namespace the helper is (or will be) declared in; null for the global namespace.</summary>
        public string? Namespace { get; }

        /// <summary>The project has the helper already: nothing to add.</summary>
        public bool Exists { get; }

        /// <summary>The helper's name as generated code writes it: fully qualified, for the simplifier to shorten.</summary>
        public string TypeName => "global::" + (Namespace is null ? string.Empty : Namespace + ".") + ProgressProperties.HelperType;

        /// <summary>
        /// The project's helper: the one it has (a type of that name with <c>ThrowIfFailed</c>, wherever an earlier fix or
        /// the user put it), else the one to add in the project's root namespace (the global namespace where the project
        /// names none). Null where a different type of that name would clash with it: then no fix.
        /// </summary>
        public static EngineErrorProgressFile? For(Project project, Compilation compilation)
        {
            var rootNamespace = string.IsNullOrEmpty(project.DefaultNamespace) ? null : project.DefaultNamespace;
            foreach (var type in compilation.GetSymbolsWithName(ProgressProperties.HelperType, SymbolFilter.Type).OfType<INamedTypeSymbol>())
            {
                if (type.ContainingType is not null)
                {
                    // A private helper nested by an earlier version of the fix serves its own type only.
                    continue;
                }

                var @namespace = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
                if (!type.GetMembers("ThrowIfFailed").IsEmpty)
                {
                    return new EngineErrorProgressFile(@namespace, exists: true);
                }

                if (@namespace == rootNamespace)
                {
                    return null;
                }
            }

            return new EngineErrorProgressFile(rootNamespace, exists: false);
        }

        /// <summary>Adds the helper's file to the project, in its folder, in the project's C# version and nullable context.</summary>
        public async Task<Solution> AddToAsync(Solution solution, ProjectId projectId, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(projectId)!;
            var languageVersion = project.ParseOptions is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.Latest;
            var nullable = project.CompilationOptions is CSharpCompilationOptions { NullableContextOptions: NullableContextOptions.Enable or NullableContextOptions.Annotations };
            // The line ending the project's files use (its first file's).
            var endOfLine = project.Documents.FirstOrDefault() is { } first
                && (await first.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString().Contains("\r\n") ? "\r\n" : "\n";
            var text = Text(Namespace, fileScoped: languageVersion >= LanguageVersion.CSharp10, nullable ? "?" : string.Empty).Replace("\n", endOfLine);
            var filePath = project.FilePath is { } projectFile ? Path.Combine(Path.GetDirectoryName(projectFile)!, FileName) : null;
            return project.AddDocument(FileName, text, filePath: filePath).Project.Solution;
        }

        /// <summary>The file, as a careful person would write it in that C# version.</summary>
        private static string Text(string? @namespace, bool fileScoped, string q)
        {
            var body = $$"""
                /// <summary>
                /// Keeps the first error the engine reports inside a progress stream, which Docker.DotNet does not throw, and
                /// throws it from <see cref="ThrowIfFailed"/> once the call has returned. Added by PullAnalyzer's PULL005 fix.
                /// </summary>
                internal sealed class {{ProgressProperties.HelperType}} : IProgress<JSONMessage>
                {
                    private readonly IProgress<JSONMessage>{{q}} _inner;
                    private string{{q}} _error;

                    public {{ProgressProperties.HelperType}}(IProgress<JSONMessage>{{q}} inner)
                    {
                        _inner = inner;
                    }

                    public void Report(JSONMessage value)
                    {
                        if (_inner != null)
                        {
                            _inner.Report(value);
                        }

                        if (_error == null && value.Error != null && !string.IsNullOrEmpty(value.Error.Message))
                        {
                            _error = value.Error.Message;
                        }
                    }

                    public void ThrowIfFailed(string job)
                    {
                        if (_error != null)
                        {
                            throw new InvalidOperationException("The " + job + " failed: " + _error);
                        }
                    }
                }

                """;
            const string usings = "using System;\nusing Docker.DotNet.Models;\n\n";
            if (@namespace is null)
            {
                return usings + body;
            }

            if (fileScoped)
            {
                return usings + "namespace " + @namespace + ";\n\n" + body;
            }

            var indented = string.Join("\n", body.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
            return usings + "namespace " + @namespace + "\n{\n" + indented + "\n}\n";
        }
    }
}
