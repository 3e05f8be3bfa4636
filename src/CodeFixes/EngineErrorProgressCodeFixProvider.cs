using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using PullAnalyzer.Rules;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL005: give the call a synchronous progress that surfaces the engine's in-band error. With PullAnalyzer.Runtime
    /// referenced, its <c>FailOnErrorProgress</c> wraps whatever progress the code had; otherwise the project's
    /// <c>EngineErrorProgress</c> (<see cref="EngineErrorProgressFile"/>, added once per project) collects the first error
    /// and the code throws it right after the await.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EngineErrorProgressCodeFixProvider)), Shared]
    public sealed class EngineErrorProgressCodeFixProvider : PullCodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.ProgressIgnoresEngineErrors.Id);

        private const string WrapKey = "PULL005";
        private const string ReportKey = "PULL005-report";

        /// <summary>
        /// Wrap the progress at the call (where the verdict found a form for it); and, where the progress is a type of
        /// this file whose Report ignores the error, make that Report fail on it (Docker.DotNet calls Report inline, so the
        /// awaited call fails with the engine's text).
        /// </summary>
        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic)
        {
            var actions = ImmutableArray.CreateBuilder<FixAction>();
            if (ProgressProperties.Form(diagnostic) != ProgressFixForm.None)
            {
                actions.Add(new FixAction("Use a progress that fails on engine errors", WrapKey));
            }

            if (ProgressProperties.Report(diagnostic) is not null)
            {
                actions.Add(new FixAction("Make Report fail on engine errors", ReportKey));
            }

            return actions.ToImmutable();
        }

        /// <summary>Writes the form the analyzer chose (<see cref="ProgressProperties"/>).</summary>
        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            var root = editor.OriginalRoot;
            if (key == ReportKey)
            {
                return Task.FromResult(MakeReportFail(editor, diagnostic, state));
            }

            if (CallAt(root, diagnostic) is not { } call
                || ProgressProperties.Argument(diagnostic) is not { } span
                || span.End > root.FullSpan.End
                || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>() is not { } argument
                || argument.Span != span)
            {
                return Task.FromResult(false);
            }

            var keepsProgress = ProgressProperties.KeepsProgress(diagnostic);
            var job = ProgressProperties.Job(diagnostic);
            // A call dropped as a statement is awaited too, so that the progress's failure reaches the code (and one pass of
            // the fixes repairs PULL003 on the same call).
            var dropped = ProgressProperties.AwaitsCall(diagnostic) && ExpressionAt(root, ProgressProperties.Task(diagnostic))?.Parent is ExpressionStatementSyntax statement ? statement : null;
            var form = ProgressProperties.Form(diagnostic);
            string? helper = null;
            if (form != ProgressFixForm.Runtime)
            {
                if (ProjectHelper(editor, state) is not { } file)
                {
                    return Task.FromResult(false);
                }

                helper = file.TypeName;
            }

            switch (form)
            {
                case ProgressFixForm.Runtime:
                    var operation = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(job));
                    editor.ReplaceNode(argument.Expression, (current, _) => New("global::" + ProgressProperties.RuntimeProgressType, operation, (ExpressionSyntax)current, keepsProgress)
                        .WithTriviaFrom(current));
                    AwaitDropped(editor, dropped);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperInExpressionBody
                    when call.Parent is AwaitExpressionSyntax { Parent: ArrowExpressionClauseSyntax arrow } awaited:
                    UseHelperInExpressionBody(editor, arrow, awaited, argument, keepsProgress, job, state, helper!, makeAsync: false);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperInAsyncExpressionBody when call.Parent is ArrowExpressionClauseSyntax returned:
                    UseHelperInExpressionBody(editor, returned, call, argument, keepsProgress, job, state, helper!, makeAsync: true);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperAroundStatement when call.FirstAncestorOrSelf<StatementSyntax>() is { } around:
                    UseHelper(editor, around, argument, keepsProgress, job, state, helper!, dropped);
                    return Task.FromResult(true);

                default:
                    return Task.FromResult(false);
            }
        }

        /// <summary>
        /// <c>if (value.Error != null) throw new InvalidOperationException("The engine reported an error: " + value.Error.Message);</c>
        /// first in Report (a block body made from an expression body). <c>Error</c> is the field both clients fill; the
        /// statement is the same in every language version. Fix All edits each Report once.
        /// </summary>
        private static bool MakeReportFail(DocumentEditor editor, Diagnostic diagnostic, FixState state)
        {
            var root = editor.OriginalRoot;
            if (ProgressProperties.Report(diagnostic) is not { } span || span.End > root.FullSpan.End
                || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } report
                || report.Span != span || report.ParameterList.Parameters.Count != 1)
            {
                return false;
            }

            if (!state.ReportsMadeToFail.Add(report))
            {
                return true;
            }

            var message = report.ParameterList.Parameters[0].Identifier.ValueText;
            var check = GeneratedCode.Statement(
                $"if ({message}.Error != null) {{ throw new global::System.InvalidOperationException(\"The engine reported an error: \" + {message}.Error.Message); }}");
            if (report.Body is { } body)
            {
                editor.ReplaceNode(body, (current, _) => ((BlockSyntax)current).WithStatements(((BlockSyntax)current).Statements.Insert(0, check)));
            }
            else
            {
                var rest = SyntaxFactory.ExpressionStatement(report.ExpressionBody!.Expression.WithoutTrivia());
                editor.ReplaceNode(report, (current, _) => SyntaxEdits.WithBlockBody(current, GeneratedCode.Generated(SyntaxFactory.Block(check, rest))));
            }

            return true;
        }

        private static void AwaitDropped(DocumentEditor editor, ExpressionStatementSyntax? dropped)
        {
            if (dropped is not null)
            {
                editor.ReplaceNode(dropped.Expression, (current, _) =>
                    SyntaxFactory.AwaitExpression(((ExpressionSyntax)current).WithoutLeadingTrivia()).WithLeadingTrivia(current.GetLeadingTrivia()));
            }
        }

        /// <summary>
        /// The project's helper (found or to be added), looked for once per document; using one that is not there yet
        /// marks its file as needed (<see cref="AddProjectFilesAsync"/>).
        /// </summary>
        private static EngineErrorProgressFile? ProjectHelper(DocumentEditor editor, FixState state)
        {
            var project = state.Project;
            if (project.ProgressHelper is null)
            {
                project.ProgressHelper = EngineErrorProgressFile.For(editor.OriginalDocument.Project, editor.SemanticModel.Compilation, editor.OriginalRoot);
                if (project.ProgressHelper is { Exists: false } helper)
                {
                    if (helper.InHostDocument)
                    {
                        // A host that cannot add a file (see EngineErrorProgressFile.For): the first document that needs it holds it.
                        helper.AddTo(editor);
                    }
                    else
                    {
                        project.NeedsProgressHelperFile = true;
                    }
                }
            }

            return project.ProgressHelper;
        }

        /// <summary>One helper file per project, whichever of its documents the fixes edited.</summary>
        internal override Task<Solution> AddProjectFilesAsync(Solution solution, ProjectId project, ProjectFixState state, CancellationToken cancellationToken) =>
            state.NeedsProgressHelperFile && state.ProgressHelper is { } helper
                ? helper.AddToAsync(solution, project, cancellationToken)
                : Task.FromResult(solution);

        /// <summary>
        /// Without the runtime: <c>var pullProgress = new EngineErrorProgress(inner);</c> before the statement, the call
        /// given <c>pullProgress</c>, and <c>pullProgress.ThrowIfFailed("pull");</c> after it.
        /// </summary>
        private static void UseHelper(DocumentEditor editor, StatementSyntax statement, ArgumentSyntax argument, bool hasInner, string job, FixState state,
            string helper, ExpressionStatementSyntax? dropped)
        {
            var name = state.UniqueName(statement, job.Replace(" ", string.Empty) + "Progress");
            var declaration = GeneratedCode.Statement(hasInner
                ? $"var {name} = new {helper}({argument.Expression.WithoutTrivia()});"
                : $"var {name} = new {helper}(null);");
            var throwIfFailed = GeneratedCode.Statement($"{name}.ThrowIfFailed(\"{job}\");");
            editor.ReplaceNode(argument.Expression, (current, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(current));
            AwaitDropped(editor, dropped);
            if (statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, SyntaxEdits.TopLevel(declaration, global));
                SyntaxEdits.InsertTopLevelAfter(editor, global, new[] { throwIfFailed });
            }
            else
            {
                editor.InsertBefore(statement, declaration);
                editor.InsertAfter(statement, throwIfFailed);
            }
        }

        /// <summary><c>async Task M() => await call;</c> becomes a block body with the helper around the awaited call.</summary>
        /// <param name="body">The expression body as written: the awaited call, or the call whose task was returned.</param>
        /// <param name="makeAsync">The member returned the task: it becomes <c>async</c> and awaits it.</param>
        private static void UseHelperInExpressionBody(DocumentEditor editor, ArrowExpressionClauseSyntax arrow, ExpressionSyntax body,
            ArgumentSyntax argument, bool hasInner, string job, FixState state, string helper, bool makeAsync)
        {
            var name = state.UniqueName(arrow, job.Replace(" ", string.Empty) + "Progress");
            var progress = hasInner ? argument.Expression.WithoutTrivia().ToString() : "null";
            var member = arrow.Parent!;
            var withHelper = body.ReplaceNode(argument.Expression, SyntaxFactory.IdentifierName(name));
            var awaitedWithHelper = makeAsync ? SyntaxFactory.AwaitExpression(withHelper.WithoutTrivia()) : withHelper;
            var block = GeneratedCode.Generated(SyntaxFactory.Block(
                GeneratedCode.Statement($"var {name} = new {helper}({progress});"),
                SyntaxFactory.ExpressionStatement(awaitedWithHelper.WithoutTrivia()),
                GeneratedCode.Statement($"{name}.ThrowIfFailed(\"{job}\");")));
            editor.ReplaceNode(member, (current, _) => SyntaxEdits.WithBlockBody(makeAsync ? SyntaxEdits.WithAsync(current) : current, block));
        }

        private static ExpressionSyntax New(string type, ExpressionSyntax operation, ExpressionSyntax current, bool wrapCurrent)
        {
            var arguments = wrapCurrent
                ? new[] { SyntaxFactory.Argument(operation), SyntaxFactory.Argument(current.WithoutTrivia()) }
                : new[] { SyntaxFactory.Argument(operation) };
            return SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName(type).WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        }
    }
}
