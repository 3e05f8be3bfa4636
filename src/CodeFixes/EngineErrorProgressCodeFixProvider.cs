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
        private const string RuntimeProgress = "PullAnalyzer.Runtime.FailOnErrorProgress";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.ProgressIgnoresEngineErrors.Id);

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) =>
            ImmutableArray.Create(new FixAction("Use a progress that fails on engine errors", "PULL005"));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            var root = editor.OriginalRoot;
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
            var dropped = DroppedStatement(call);
            if (editor.SemanticModel.Compilation.GetTypeByMetadataName(RuntimeProgress) is not null)
            {
                var operation = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(job));
                editor.ReplaceNode(argument.Expression, (current, _) => New("global::" + RuntimeProgress, operation, (ExpressionSyntax)current, keepsProgress)
                    .WithTriviaFrom(current));
                AwaitDropped(editor, dropped);
                return Task.FromResult(true);
            }

            return Task.FromResult(UseHelper(editor, call, argument, keepsProgress, job, state, dropped));
        }

        /// <summary>
        /// A call dropped as a statement (which PULL003 reports too) in a function that can await: the progress's failure
        /// reaches the code only if the call is awaited, so this fix awaits it as well, and one pass of the fixes repairs
        /// both rules whichever runs first.
        /// </summary>
        private static ExpressionStatementSyntax? DroppedStatement(InvocationExpressionSyntax call) =>
            TaskAsWritten(call) is var task && task.Parent is ExpressionStatementSyntax statement && statement.Expression == task && EditSite.CanAwait(statement)
                ? statement
                : null;

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
        /// the call given <c>pullProgress</c>, and <c>pullProgress.ThrowIfFailed();</c> after it. Only where the call is
        /// an awaited statement in a block, so that "after the call" is a place.
        /// </summary>
        private static bool UseHelper(DocumentEditor editor, InvocationExpressionSyntax call, ArgumentSyntax argument, bool hasInner, string job, FixState state,
            ExpressionStatementSyntax? dropped)
        {
            if (call.Parent is AwaitExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow } awaited
                && editor.SemanticModel.GetDeclaredSymbol(arrow.Parent!) is IMethodSymbol { ReturnType: INamedTypeSymbol { IsGenericType: false } })
            {
                return UseHelperInExpressionBody(editor, arrow, awaited, argument, hasInner, job, state);
            }

            if (call.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
                || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
                || (call.FirstAncestorOrSelf<AwaitExpressionSyntax>() is null && dropped is null))
            {
                return false;
            }

            // In a type's member the helper becomes a nested private class; in a top-level program (which has no type of
            // its own) it is declared after the statements.
            SyntaxNode anchor;
            if (statement.Parent is GlobalStatementSyntax { Parent: CompilationUnitSyntax } global)
            {
                anchor = global;
            }
            else if (statement.Parent is BlockSyntax or SwitchSectionSyntax
                && statement.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type && type is not InterfaceDeclarationSyntax)
            {
                anchor = statement;
            }
            else
            {
                return false;
            }

            var name = state.UniqueName(statement, job.Replace(" ", string.Empty) + "Progress");
            var declaration = DrainCode.Statement(hasInner
                ? $"var {name} = new {HelperName}({argument.Expression.WithoutTrivia()});"
                : $"var {name} = new {HelperName}(null);");
            var throwIfFailed = DrainCode.Statement($"{name}.ThrowIfFailed(\"{job}\");");
            editor.ReplaceNode(argument.Expression, (current, _) => SyntaxFactory.IdentifierName(name).WithTriviaFrom(current));
            AwaitDropped(editor, dropped);
            if (anchor is GlobalStatementSyntax)
            {
                editor.InsertBefore(anchor, SyntaxEdits.TopLevel(declaration, anchor));
                SyntaxEdits.InsertTopLevelAfter(editor, (GlobalStatementSyntax)anchor, new[] { throwIfFailed });
                AddTopLevelHelper(editor, (CompilationUnitSyntax)anchor.Parent!, state);
            }
            else
            {
                editor.InsertBefore(statement, declaration);
                editor.InsertAfter(statement, throwIfFailed);
                AddHelper(editor, statement.FirstAncestorOrSelf<TypeDeclarationSyntax>()!, state);
            }

            return true;
        }

        /// <summary><c>async Task M() => await call;</c> becomes a block body with the helper around the awaited call.</summary>
        private static bool UseHelperInExpressionBody(DocumentEditor editor, ArrowExpressionClauseSyntax arrow, AwaitExpressionSyntax awaited,
            ArgumentSyntax argument, bool hasInner, string job, FixState state)
        {
            if (arrow.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type || type is InterfaceDeclarationSyntax)
            {
                return false;
            }

            var name = state.UniqueName(arrow, job.Replace(" ", string.Empty) + "Progress");
            var progress = hasInner ? argument.Expression.WithoutTrivia().ToString() : "null";
            var member = arrow.Parent!;
            var awaitedWithHelper = awaited.ReplaceNode(argument.Expression, SyntaxFactory.IdentifierName(name));
            var body = DrainCode.Generated(SyntaxFactory.Block(
                DrainCode.Statement($"var {name} = new {HelperName}({progress});"),
                SyntaxFactory.ExpressionStatement(awaitedWithHelper.WithoutTrivia()),
                DrainCode.Statement($"{name}.ThrowIfFailed(\"{job}\");")));
            editor.ReplaceNode(member, (current, _) => SyntaxEdits.WithBlockBody(current, body));
            AddHelper(editor, type, state);
            return true;
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
