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
using PullAnalyzer.Verdicts;

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
    /// (with one <see cref="FixState"/>: no name clashes, no helper added twice).
    /// </summary>
    public abstract class PullCodeFixProvider : CodeFixProvider
    {
        /// <summary>The actions the analyzer's verdict in the diagnostic's properties allows here; none where it found no fix.</summary>
        internal abstract ImmutableArray<FixAction> Actions(Diagnostic diagnostic);

        /// <summary>Edits <paramref name="editor"/> for <paramref name="diagnostic"/>; false when this place has no fix.</summary>
        internal abstract Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken);

        public sealed override FixAllProvider GetFixAllProvider() => new EditorFixAllProvider(this);

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
                        async cancellationToken => await FixAsync(document, new[] { diagnostic }, key, cancellationToken).ConfigureAwait(false) ?? document,
                        action.Key), diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        internal async Task<Document?> FixAsync(Document document, System.Collections.Generic.IEnumerable<Diagnostic> diagnostics, string key,
            CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var state = new FixState();
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
        internal static ExpressionSyntax? StreamAt(SyntaxNode root, Diagnostic diagnostic) =>
            StreamVerdict.Stream(diagnostic) is { } span && span.End <= root.FullSpan.End
                ? root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(n => n.Span == span)
                : null;

        /// <summary>The task of a call as the code writes it: the call itself, or the call with its <c>.ConfigureAwait(…)</c>.</summary>
        internal static ExpressionSyntax TaskAsWritten(InvocationExpressionSyntax call) =>
            call.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access
                && access.Expression == call && access.Parent is InvocationExpressionSyntax configured
                ? configured
                : call;

        private sealed class EditorFixAllProvider : DocumentBasedFixAllProvider
        {
            private readonly PullCodeFixProvider _provider;

            public EditorFixAllProvider(PullCodeFixProvider provider) => _provider = provider;

            protected override Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
                FixOrKeep(document, diagnostics, fixAllContext);

            private async Task<Document?> FixOrKeep(Document document, ImmutableArray<Diagnostic> diagnostics, FixAllContext context) =>
                await _provider.FixAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? string.Empty, context.CancellationToken).ConfigureAwait(false) ?? document;
        }
    }
}
