using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL005: give the call a synchronous progress that surfaces the engine's in-band error. With PullAnalyzer.Runtime
    /// referenced, its <c>FailOnErrorProgress</c> wraps whatever progress the code had; otherwise a small private
    /// progress class collects the first error and the code throws it right after the await.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EngineErrorProgressCodeFixProvider)), Shared]
    public sealed class EngineErrorProgressCodeFixProvider : PullCodeFixProvider
    {
        private const string HelperName = "EngineErrorProgress";

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
            if (ProgressVerdict.Form(diagnostic) != ProgressFixForm.None)
            {
                actions.Add(new FixAction("Use a progress that fails on engine errors", WrapKey));
            }

            if (ProgressVerdict.Report(diagnostic) is not null)
            {
                actions.Add(new FixAction("Make Report fail on engine errors", ReportKey));
            }

            return actions.ToImmutable();
        }

        /// <summary>Writes the form the analyzer chose (<see cref="ProgressVerdict"/>).</summary>
        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            var root = editor.OriginalRoot;
            if (key == ReportKey)
            {
                return Task.FromResult(MakeReportFail(editor, diagnostic, state));
            }

            if (CallAt(root, diagnostic) is not { } call
                || ProgressVerdict.Argument(diagnostic) is not { } span
                || span.End > root.FullSpan.End
                || root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>() is not { } argument
                || argument.Span != span)
            {
                return Task.FromResult(false);
            }

            var keepsProgress = ProgressVerdict.KeepsProgress(diagnostic);
            var job = ProgressVerdict.Job(diagnostic);
            // A call dropped as a statement is awaited too, so that the progress's failure reaches the code (and one pass of
            // the fixes repairs PULL003 on the same call).
            var dropped = ProgressVerdict.AwaitsCall(diagnostic) && TaskAsWritten(call).Parent is ExpressionStatementSyntax statement ? statement : null;
            switch (ProgressVerdict.Form(diagnostic))
            {
                case ProgressFixForm.Runtime:
                    var operation = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(job));
                    editor.ReplaceNode(argument.Expression, (current, _) => New("global::" + ProgressVerdict.RuntimeProgress, operation, (ExpressionSyntax)current, keepsProgress)
                        .WithTriviaFrom(current));
                    AwaitDropped(editor, dropped);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperInExpressionBody
                    when call.Parent is AwaitExpressionSyntax { Parent: ArrowExpressionClauseSyntax arrow } awaited:
                    UseHelperInExpressionBody(editor, arrow, awaited, argument, keepsProgress, job, state, makeAsync: false);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperInAsyncExpressionBody when call.Parent is ArrowExpressionClauseSyntax returned:
                    UseHelperInExpressionBody(editor, returned, call, argument, keepsProgress, job, state, makeAsync: true);
                    return Task.FromResult(true);

                case ProgressFixForm.HelperAroundStatement when call.FirstAncestorOrSelf<StatementSyntax>() is { } around:
                    UseHelper(editor, around, argument, keepsProgress, job, state, dropped);
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
            if (ProgressVerdict.Report(diagnostic) is not { } span || span.End > root.FullSpan.End
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
            var check = DrainCode.Statement(
                $"if ({message}.Error != null) {{ throw new global::System.InvalidOperationException(\"The engine reported an error: \" + {message}.Error.Message); }}");
            if (report.Body is { } body)
            {
                editor.ReplaceNode(body, (current, _) => ((BlockSyntax)current).WithStatements(((BlockSyntax)current).Statements.Insert(0, check)));
            }
            else
            {
                var rest = SyntaxFactory.ExpressionStatement(report.ExpressionBody!.Expression.WithoutTrivia());
                editor.ReplaceNode(report, (current, _) => SyntaxEdits.WithBlockBody(current, DrainCode.Generated(SyntaxFactory.Block(check, rest))));
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
        /// Without the runtime helper: <c>var pullProgress = new EngineErrorProgress(inner);</c> before the statement,
        /// the call given <c>pullProgress</c>, and <c>pullProgress.ThrowIfFailed();</c> after it. In a type's member the
        /// helper becomes a nested private class; in a top-level program (which has no type of its own) it is declared
        /// after the statements.
        /// </summary>
        private static void UseHelper(DocumentEditor editor, StatementSyntax statement, ArgumentSyntax argument, bool hasInner, string job, FixState state,
            ExpressionStatementSyntax? dropped)
        {
            var name = state.UniqueName(statement, job.Replace(" ", string.Empty) + "Progress");
            var declaration = DrainCode.Statement(hasInner
                ? $"var {name} = new {HelperName}({argument.Expression.WithoutTrivia()});"
                : $"var {name} = new {HelperName}(null);");
            var throwIfFailed = DrainCode.Statement($"{name}.ThrowIfFailed(\"{job}\");");
            editor.ReplaceNode(argument.Expression, (current, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(current));
            AwaitDropped(editor, dropped);
            if (statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertBefore(global, SyntaxEdits.TopLevel(declaration, global));
                SyntaxEdits.InsertTopLevelAfter(editor, global, new[] { throwIfFailed });
                AddTopLevelHelper(editor, (CompilationUnitSyntax)global.Parent!, state);
            }
            else
            {
                editor.InsertBefore(statement, declaration);
                editor.InsertAfter(statement, throwIfFailed);
                AddHelper(editor, statement.FirstAncestorOrSelf<TypeDeclarationSyntax>()!, state);
            }
        }

        /// <summary><c>async Task M() => await call;</c> becomes a block body with the helper around the awaited call.</summary>
        /// <param name="body">The expression body as written: the awaited call, or the call whose task was returned.</param>
        /// <param name="makeAsync">The member returned the task: it becomes <c>async</c> and awaits it.</param>
        private static void UseHelperInExpressionBody(DocumentEditor editor, ArrowExpressionClauseSyntax arrow, ExpressionSyntax body,
            ArgumentSyntax argument, bool hasInner, string job, FixState state, bool makeAsync)
        {
            var name = state.UniqueName(arrow, job.Replace(" ", string.Empty) + "Progress");
            var progress = hasInner ? argument.Expression.WithoutTrivia().ToString() : "null";
            var member = arrow.Parent!;
            var withHelper = body.ReplaceNode(argument.Expression, SyntaxFactory.IdentifierName(name));
            var awaitedWithHelper = makeAsync ? SyntaxFactory.AwaitExpression(withHelper.WithoutTrivia()) : withHelper;
            var block = DrainCode.Generated(SyntaxFactory.Block(
                DrainCode.Statement($"var {name} = new {HelperName}({progress});"),
                SyntaxFactory.ExpressionStatement(awaitedWithHelper.WithoutTrivia()),
                DrainCode.Statement($"{name}.ThrowIfFailed(\"{job}\");")));
            editor.ReplaceNode(member, (current, _) => SyntaxEdits.WithBlockBody(makeAsync ? SyntaxEdits.WithAsync(current) : current, block));
            AddHelper(editor, arrow.FirstAncestorOrSelf<TypeDeclarationSyntax>()!, state);
        }

        private static void AddHelper(DocumentEditor editor, TypeDeclarationSyntax type, FixState state)
        {
            if (state.TypesWithHelper.Add(type) && !type.Members.OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.ValueText == HelperName))
            {
                AddHelperTo(editor, type, "private");
            }
        }

        /// <summary>
        /// After the top-level statements (types may not come before them): a <c>file</c>-local class from C# 11 on, so the
        /// name stays out of the project's namespace; an internal one in C# 9 and 10.
        /// </summary>
        private static void AddTopLevelHelper(DocumentEditor editor, CompilationUnitSyntax unit, FixState state)
        {
            if (state.TypesWithHelper.Add(unit) && !editor.SemanticModel.Compilation.GetSymbolsWithName(HelperName, SymbolFilter.Type).Any())
            {
                AddHelperTo(editor, unit, EditSite.LanguageVersion(unit) >= LanguageVersion.CSharp11 ? "file" : "internal");
            }
        }

        private static void AddHelperTo(DocumentEditor editor, SyntaxNode container, string accessibility)
        {
            var nullable = EditSite.NullableAnnotations(editor.SemanticModel, container.SpanStart) ? "?" : string.Empty;
            // A blank line between the last member and the helper, in the file's own line ending; two line endings where
            // the file's last statement has none of its own.
            var endOfLine = SyntaxEdits.EndOfLine(container);
            var helper = Helper(nullable, accessibility, endOfLine);
            var leading = helper.GetLeadingTrivia().Insert(0, endOfLine);
            // (As the file is now: a statement the fix inserted at its end brings a line ending of its own.)
            if (container is CompilationUnitSyntax && editor.GetChangedRoot() is CompilationUnitSyntax unit && unit.Members.LastOrDefault() is { } last
                && !last.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia))
            {
                leading = leading.Insert(0, endOfLine);
            }

            editor.AddMember(container, helper.WithLeadingTrivia(leading));
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

        /// <summary>
        /// The private helper: synchronous (Docker.DotNet calls Report inline, in order), forwards every message, keeps
        /// the first in-band error and throws it after the call. Uses only <c>JSONMessage.Error</c>, which both
        /// Docker.DotNet 3.x and the Enhanced fork have.
        /// </summary>
        private static MemberDeclarationSyntax Helper(string nullable, string accessibility, SyntaxTrivia endOfLine) =>
            DrainCode.Annotated(SyntaxFactory.ParseMemberDeclaration(($$"""
                /// <summary>Keeps the first error the engine reports inside a progress stream, which Docker.DotNet does not throw.</summary>
                {{accessibility}} sealed class {{HelperName}} : global::System.IProgress<global::Docker.DotNet.Models.JSONMessage>
                {
                    private readonly global::System.IProgress<global::Docker.DotNet.Models.JSONMessage>{{nullable}} _inner;
                    private string{{nullable}} _error;

                    public {{HelperName}}(global::System.IProgress<global::Docker.DotNet.Models.JSONMessage>{{nullable}} inner)
                    {
                        _inner = inner;
                    }

                    public void Report(global::Docker.DotNet.Models.JSONMessage value)
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

                    public void ThrowIfFailed(string operation)
                    {
                        if (_error != null)
                        {
                            throw new global::System.InvalidOperationException("The " + operation + " failed: " + _error);
                        }
                    }
                }
                """).Replace("\n", endOfLine.ToString()))!);
    }
}
