using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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
    /// <remarks>
    /// One host cannot take a new file: <c>MSBuildWorkspace</c> (what <c>dotnet format</c> runs in) writes an explicit
    /// <c>Compile</c> item for every document added to an SDK-style project, which the SDK's own <c>**/*.cs</c> then
    /// includes a second time, and the build fails (NETSDK1022; dotnet/roslyn#36781). There the helper is declared once
    /// in the first document that needs it, in that document's namespace, and every other document uses that one.
    /// </remarks>
    internal sealed class EngineErrorProgressFile
    {
        public const string FileName = ProgressProperties.HelperType + ".cs";

        private EngineErrorProgressFile(string? @namespace, bool exists, bool inHostDocument)
        {
            Namespace = @namespace;
            Exists = exists;
            InHostDocument = inHostDocument;
        }

        /// <summary>The namespace the helper is (or will be) declared in; null for the global namespace.</summary>
        public string? Namespace { get; }

        /// <summary>The project has the helper already: nothing to add.</summary>
        public bool Exists { get; }

        /// <summary>The host cannot add a file: the helper goes into the first document that needs it (see the remarks).</summary>
        public bool InHostDocument { get; }

        /// <summary>The helper's name as generated code writes it: fully qualified, for the simplifier to shorten.</summary>
        public string TypeName => "global::" + (Namespace is null ? string.Empty : Namespace + ".") + ProgressProperties.HelperType;

        /// <summary>
        /// The project's helper: the one it has (a type of that name with <c>ThrowIfFailed</c>, wherever an earlier fix or
        /// the user put it), else the one to add in the project's root namespace (the global namespace where the project
        /// names none), or in <paramref name="firstDocument"/> where no file can be added. Null where a different type of
        /// that name would clash with it: then no fix.
        /// </summary>
        /// <param name="firstDocument">The root of the document the first fix that needs the helper edits.</param>
        public static EngineErrorProgressFile? For(Project project, Compilation compilation, SyntaxNode firstDocument)
        {
            var inHostDocument = project.Solution.Workspace.Kind == WorkspaceKind.MSBuild;
            var wanted = inHostDocument ? NamespaceOf(firstDocument)
                : string.IsNullOrEmpty(project.DefaultNamespace) ? null : project.DefaultNamespace;
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
                    return new EngineErrorProgressFile(@namespace, exists: true, inHostDocument: false);
                }

                if (@namespace == wanted)
                {
                    return null;
                }
            }

            return new EngineErrorProgressFile(wanted, exists: false, inHostDocument);
        }

        /// <summary>The namespace a type added at the end of the document is in: its file-scoped or only namespace, else the global one.</summary>
        private static string? NamespaceOf(SyntaxNode root) =>
            root is CompilationUnitSyntax unit && unit.Members.OfType<BaseNamespaceDeclarationSyntax>().ToList() is { Count: 1 } namespaces
                && (namespaces[0] is FileScopedNamespaceDeclarationSyntax || unit.Members.Count == 1)
                ? namespaces[0].Name.ToString()
                : null;

        /// <summary>Adds the helper's file to the project, in its folder, in the project's C# version and nullable context.</summary>
        public async Task<Solution> AddToAsync(Solution solution, ProjectId projectId, CancellationToken cancellationToken)
        {
            var project = solution.GetProject(projectId)!;
            var languageVersion = project.ParseOptions is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.Latest;
            var nullable = project.CompilationOptions is CSharpCompilationOptions { NullableContextOptions: NullableContextOptions.Enable or NullableContextOptions.Annotations };
            // The line ending the project's files use (its first file's).
            var endOfLine = project.Documents.FirstOrDefault() is { } first
                && (await first.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString().Contains("\r\n") ? "\r\n" : "\n";
            var text = FileText(Namespace, fileScoped: languageVersion >= LanguageVersion.CSharp10, nullable ? "?" : string.Empty).Replace("\n", endOfLine);
            var filePath = project.FilePath is { } projectFile ? Path.Combine(Path.GetDirectoryName(projectFile)!, FileName) : null;
            return project.AddDocument(FileName, text, filePath: filePath).Project.Solution;
        }

        /// <summary>Declares the helper at the end of the edited document (or of its one namespace): where no file can be added.</summary>
        public void AddTo(DocumentEditor editor)
        {
            var root = (CompilationUnitSyntax)editor.OriginalRoot;
            SyntaxNode container = root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault() is { } declaration && NamespaceOf(root) is not null
                ? declaration
                : root;
            var nullable = EditSite.NullableAnnotations(editor.SemanticModel, container.SpanStart) ? "?" : string.Empty;
            var endOfLine = SyntaxEdits.EndOfLine(container);
            var helper = GeneratedCode.Annotated(SyntaxFactory.ParseMemberDeclaration(TypeText(nullable,
                "global::System.IProgress<global::Docker.DotNet.Models.JSONMessage>", "global::Docker.DotNet.Models.JSONMessage", "global::System.InvalidOperationException")
                .Replace("\n", endOfLine.ToString()))!);
            // A blank line between the last member and the helper; two line endings where the file's last line has none.
            var leading = helper.GetLeadingTrivia().Insert(0, endOfLine);
            if (container is CompilationUnitSyntax && editor.GetChangedRoot() is CompilationUnitSyntax unit && unit.Members.LastOrDefault() is { } last
                && !last.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia))
            {
                leading = leading.Insert(0, endOfLine);
            }

            editor.AddMember(container, helper.WithLeadingTrivia(leading));
        }

        /// <summary>The file, as a careful person would write it in that C# version.</summary>
        private static string FileText(string? @namespace, bool fileScoped, string q)
        {
            var body = TypeText(q, "IProgress<JSONMessage>", "JSONMessage", "InvalidOperationException");
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

        /// <summary>The helper class, with the names of the types it uses as the place it goes needs them written.</summary>
        private static string TypeText(string q, string progress, string message, string exception) => $$"""
            /// <summary>
            /// Keeps the first error the engine reports inside a progress stream, which Docker.DotNet does not throw, and
            /// throws it from <see cref="ThrowIfFailed"/> once the call has returned. Added by PullAnalyzer's PULL005 fix.
            /// </summary>
            internal sealed class {{ProgressProperties.HelperType}} : {{progress}}
            {
                private readonly {{progress}}{{q}} _inner;
                private string{{q}} _error;

                public {{ProgressProperties.HelperType}}({{progress}}{{q}} inner)
                {
                    _inner = inner;
                }

                public void Report({{message}} value)
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
                        throw new {{exception}}("The " + job + " failed: " + _error);
                    }
                }
            }

            """;
    }
}
