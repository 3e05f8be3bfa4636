using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>One light-bulb action a provider offers: its title and the key Fix All groups it by.</summary>
    internal readonly struct FixAction
    {
        public FixAction(string title, string key)
        {
            Title = title;
            Key = key;
        }

        public string Title { get; }

        public string Key { get; }
    }

    /// <summary>
    /// The shape every PullAnalyzer fix shares: it edits a <see cref="DocumentEditor"/> for one diagnostic, so that a
    /// single fix and Fix All run the same code, and Fix All applies every diagnostic of a document to one editor
    /// (with one <see cref="FixState"/>: no name clashes, no Report edited twice). A fix may also need a file of its
    /// project (<see cref="AddProjectFilesAsync"/>): it is added once per project, however many documents need it.
    /// </summary>
    public abstract class PullCodeFixProvider : CodeFixProvider
    {
        /// <summary>The actions the analyzer's verdict in the diagnostic's properties allows here; none where it found no fix.</summary>
        internal abstract ImmutableArray<FixAction> Actions(Diagnostic diagnostic);

        /// <summary>Edits <paramref name="editor"/> for <paramref name="diagnostic"/>; false when this place has no fix.</summary>
        internal abstract Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken);

        /// <summary>Adds the files the fixes of one project's documents need (as <paramref name="state"/> says); none by default.</summary>
        internal virtual Task<Solution> AddProjectFilesAsync(Solution solution, ProjectId project, ProjectFixState state, CancellationToken cancellationToken) =>
            Task.FromResult(solution);

        public sealed override FixAllProvider GetFixAllProvider() => new SolutionFixAllProvider(this);

        /// <summary>
        /// Offers the actions the analyzer's verdict allows (<see cref="Actions"/> reads them from the diagnostic's
        /// properties); each is computed only when chosen. No edit is tried to find out whether a fix applies.
        /// </summary>
        public sealed override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                foreach (var action in Actions(diagnostic))
                {
                    var document = context.Document;
                    var key = action.Key;
                    context.RegisterCodeFix(CodeAction.Create(action.Title,
                        cancellationToken => FixAsync(document.Project.Solution, new[] { (document, (IEnumerable<Diagnostic>)new[] { diagnostic }) }, key, cancellationToken),
                        action.Key), diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>Fixes each document's diagnostics, then adds each project's files once.</summary>
        internal async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, IEnumerable<Diagnostic> Diagnostics)> documents, string key,
            CancellationToken cancellationToken)
        {
            var projects = new Dictionary<ProjectId, ProjectFixState>();
            foreach (var (document, diagnostics) in documents)
            {
                if (!projects.TryGetValue(document.Project.Id, out var project))
                {
                    projects[document.Project.Id] = project = new ProjectFixState();
                }

                if (await FixDocumentAsync(document, diagnostics, key, new FixState(project), cancellationToken).ConfigureAwait(false) is { } changed)
                {
                    solution = solution.WithDocumentSyntaxRoot(document.Id, (await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
                }
            }

            foreach (var pair in projects)
            {
                solution = await AddProjectFilesAsync(solution, pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        private async Task<Document?> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, string key, FixState state,
            CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var any = false;
            // In source order, so that the first stream of a method gets the plain name and later ones a number.
            // The editor tracks the original nodes, so one edit never moves the place of the next.
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                any |= await ApplyAsync(editor, diagnostic, key, state, cancellationToken).ConfigureAwait(false);
            }

            if (!any)
            {
                return null;
            }

            var changed = editor.GetChangedDocument();
            // Fully qualified names in generated code get a using directive where the file has none for them, then shrink.
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The Docker call a diagnostic is reported on (its location is the called member's name).</summary>
        internal static InvocationExpressionSyntax? CallAt(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();

        /// <summary>The expression whose value is the stream, where the analyzer's verdict says it is; null when it says nothing.</summary>
        internal static ExpressionSyntax? StreamAt(SyntaxNode root, Diagnostic diagnostic) => ExpressionAt(root, StreamProperties.Stream(diagnostic));

        /// <summary>The expression that spans exactly <paramref name="span"/> (a span the verdict carried), or null.</summary>
        internal static ExpressionSyntax? ExpressionAt(SyntaxNode root, TextSpan? span) =>
            span is { } found && found.End <= root.FullSpan.End
                ? root.FindNode(found, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(n => n.Span == found)
                : null;

        /// <summary>
        /// Fix All in a document, a project or the solution: every document's diagnostics through one editor each, and
        /// each project's files added once (one PULL005 helper per project, not one per document).
        /// </summary>
        private sealed class SolutionFixAllProvider : FixAllProvider
        {
            private readonly PullCodeFixProvider _provider;

            public SolutionFixAllProvider(PullCodeFixProvider provider) => _provider = provider;

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var documents = new List<(Document, IEnumerable<Diagnostic>)>();
                foreach (var document in DocumentsIn(fixAllContext))
                {
                    var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    if (!diagnostics.IsEmpty)
                    {
                        documents.Add((document, diagnostics));
                    }
                }

                var key = fixAllContext.CodeActionEquivalenceKey ?? string.Empty;
                return documents.Count == 0 ? null : CodeAction.Create(FixAllTitle(fixAllContext),
                    cancellationToken => _provider.FixAsync(fixAllContext.Solution, documents, key, cancellationToken), key);
            }

            private static IEnumerable<Document> DocumentsIn(FixAllContext context) => context.Scope switch
            {
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => context.Solution.Projects.SelectMany(project => project.Documents),
                _ => context.Document is { } document ? new[] { document } : Enumerable.Empty<Document>(),
            };

            private static string FixAllTitle(FixAllContext context) => context.Scope switch
            {
                FixAllScope.Project => "Fix all in project",
                FixAllScope.Solution => "Fix all in solution",
                _ => "Fix all in document",
            };
        }
    }
}
