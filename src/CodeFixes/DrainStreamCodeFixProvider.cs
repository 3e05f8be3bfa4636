using System.Collections.Generic;
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
using PullAnalyzer.Verdicts;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL001 and PULL002: read the completion stream to its end. The analyzer's verdict (<see cref="DrainVerdict"/>)
    /// says how: a discarded stream is kept in a well-named local inside <c>using</c> and drained; a stream that some
    /// path leaves unread gets the drain at each place the analyzer found for it (before an early <c>return</c>, in the
    /// branch or <c>switch</c> section that lacks it, before the exec is inspected, where reading stops). The fix edits
    /// and analyzes nothing; where the verdict offers no place, no fix is offered. Two actions: with the in-band error
    /// check (the default) and without.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DrainStreamCodeFixProvider)), Shared]
    public sealed class DrainStreamCodeFixProvider : PullCodeFixProvider
    {
        private const string CheckedKey = "PULL001-PULL002-drain-checked";
        private const string PlainKey = "PULL001-PULL002-drain-plain";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.CompletionStreamDiscarded.Id, Descriptors.CompletionStreamNotReadToEnd.Id);

        internal override bool ActionsFollowTheVerdict => true;

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) => DrainVerdict.Form(diagnostic) == DrainForm.None
            ? ImmutableArray<FixAction>.Empty
            : ImmutableArray.Create(
                new FixAction("Read the stream to its end and fail on engine errors", CheckedKey),
                new FixAction("Read the stream to its end", PlainKey));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            if (CallAt(editor.OriginalRoot, diagnostic) is not { } call)
            {
                return Task.FromResult(false);
            }

            var fix = new Fix(editor, state, new DrainCode(editor.SemanticModel, state, checkErrors: key != PlainKey),
                DrainVerdict.Shape(diagnostic), DrainVerdict.Activity(diagnostic));
            var value = AwaitedStream(call);
            var applied = DrainVerdict.Form(diagnostic) switch
            {
                DrainForm.Statement when value?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } statement => fix.ReplaceWithDrainingUsing(statement, null),
                DrainForm.ExpressionBody when value is not null => fix.ReplaceExpressionBody(value),
                DrainForm.NeverReadLocal when value?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration =>
                    fix.ReplaceWithDrainingUsing(declaration, declaration.Declaration.Variables[0].Identifier.ValueText),
                DrainForm.UsingResource when value?.Parent is UsingStatementSyntax usingStatement => fix.NameUsingResource(usingStatement),
                DrainForm.AtPoints => fix.DrainAt(DrainVerdict.Points(diagnostic)),
                _ => false,
            };
            return Task.FromResult(applied);
        }

        /// <summary>One diagnostic's fix: puts the drain where the verdict says.</summary>
        private sealed class Fix
        {
            private readonly DocumentEditor _editor;
            private readonly FixState _state;
            private readonly DrainCode _code;
            private readonly StreamShape _shape;
            private readonly string _activity;

            public Fix(DocumentEditor editor, FixState state, DrainCode code, StreamShape shape, string activity)
            {
                _editor = editor;
                _state = state;
                _code = code;
                _shape = shape;
                _activity = activity;
            }

            /// <summary>The name of the local a discarded stream gets: "buildOutput", "execOutput", …</summary>
            private string OutputName(SyntaxNode at) => _state.UniqueName(at, _activity.Replace(" ", string.Empty) + "Output");

            public bool ReplaceWithDrainingUsing(StatementSyntax statement, string? name)
            {
                name ??= OutputName(statement);
                _editor.ReplaceNode(statement, (current, _) => DrainingUsing(AwaitIn(current), name, statement).WithTriviaFrom(current));
                return true;
            }

            /// <summary><c>using (var name = await …) { drain }</c>.</summary>
            private StatementSyntax DrainingUsing(ExpressionSyntax awaited, string name, SyntaxNode at) =>
                SyntaxFactory.UsingStatement(
                        SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name)
                                .WithInitializer(SyntaxFactory.EqualsValueClause(awaited.WithoutTrivia())))),
                        null,
                        SyntaxFactory.Block(Drain(name, _shape, at)))
                    .WithAdditionalAnnotations(Formatter.Annotation);

            public bool ReplaceExpressionBody(ExpressionSyntax value)
            {
                var name = OutputName(value);
                var body = value.Parent!;
                if (body is ArrowExpressionClauseSyntax arrow && arrow.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    _editor.ReplaceNode(arrow.Parent, (current, _) =>
                    {
                        var currentArrow = current.ChildNodes().OfType<ArrowExpressionClauseSyntax>().Single();
                        var block = SyntaxFactory.Block(DrainingUsing(currentArrow.Expression, name, value)).WithAdditionalAnnotations(Formatter.Annotation);
                        return SyntaxEdits.WithBlockBody(current, block);
                    });
                    return body.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax;
                }

                if (body is LambdaExpressionSyntax lambda && lambda.ExpressionBody == value)
                {
                    _editor.ReplaceNode(lambda, (current, _) =>
                    {
                        var currentLambda = (LambdaExpressionSyntax)current;
                        var block = DrainCode.Generated(SyntaxFactory.Block(DrainingUsing(currentLambda.ExpressionBody!, name, value)));
                        // An elastic arrow lets the formatter put the new block on lines of its own.
                        var arrow = currentLambda.ArrowToken.WithTrailingTrivia(SyntaxFactory.ElasticMarker);
                        return currentLambda.WithArrowToken(arrow).WithBody(block).WithAdditionalAnnotations(Formatter.Annotation);
                    });
                    return true;
                }

                return false;
            }

            public bool NameUsingResource(UsingStatementSyntax usingStatement)
            {
                var name = OutputName(usingStatement);
                var drain = Drain(name, _shape, usingStatement);
                _editor.ReplaceNode(usingStatement, (current, _) =>
                {
                    var currentUsing = (UsingStatementSyntax)current;
                    var declaration = SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name)
                            .WithInitializer(SyntaxFactory.EqualsValueClause(currentUsing.Expression!.WithoutTrivia()))));
                    var body = currentUsing.Statement is BlockSyntax block
                        ? block.WithStatements(block.Statements.Insert(0, drain))
                        : SyntaxFactory.Block(drain, currentUsing.Statement);
                    return currentUsing.WithExpression(null).WithDeclaration(declaration).WithStatement(body).WithAdditionalAnnotations(Formatter.Annotation);
                });
                return true;
            }

            /// <summary>A drain of the point's local at each point, relative to the node the point names.</summary>
            public bool DrainAt(ImmutableArray<DrainPoint> points)
            {
                var root = _editor.OriginalRoot;
                var edits = new List<System.Action>();
                foreach (var point in points)
                {
                    if (point.Target.End > root.FullSpan.End)
                    {
                        return false;
                    }

                    // The innermost node of that span: a top-level statement and its GlobalStatement share one.
                    var target = root.FindNode(point.Target, getInnermostNodeForTie: true).AncestorsAndSelf().FirstOrDefault(n => n.Span == point.Target);
                    var drain = Drain(point.Local, point.Shape, target ?? root);
                    System.Action? edit = (point.Kind, target) switch
                    {
                        (DrainPointKind.Before, StatementSyntax statement) => () => InsertBefore(statement, drain),
                        (DrainPointKind.After, StatementSyntax statement) => () => InsertAfter(statement, drain),
                        (DrainPointKind.FirstIn, BlockSyntax block) => () => InsertFirst(block, drain),
                        (DrainPointKind.FirstIn, SwitchSectionSyntax section) => () => InsertBefore(section.Statements[0], drain),
                        (DrainPointKind.FirstIn, StatementSyntax embedded) => () => InsertBefore(embedded, drain),
                        (DrainPointKind.Else, IfStatementSyntax { Else: null } ifStatement) => () => AddElse(ifStatement, drain),
                        (DrainPointKind.Default, SwitchStatementSyntax switchStatement) => () => AddDefault(switchStatement, drain),
                        _ => null,
                    };
                    if (edit is null)
                    {
                        return false;
                    }

                    edits.Add(edit);
                }

                foreach (var edit in edits)
                {
                    edit();
                }

                return edits.Count > 0;
            }

            private void InsertFirst(BlockSyntax block, StatementSyntax drain)
            {
                if (block.Statements.Count > 0)
                {
                    InsertBefore(block.Statements[0], drain);
                }
                else
                {
                    _editor.ReplaceNode(block, (current, _) => ((BlockSyntax)current).AddStatements(drain).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            private void AddElse(IfStatementSyntax ifStatement, StatementSyntax drain) =>
                _editor.ReplaceNode(ifStatement, (current, _) => ((IfStatementSyntax)current)
                    .WithElse(SyntaxFactory.ElseClause(SyntaxFactory.Block(drain))).WithAdditionalAnnotations(Formatter.Annotation));

            /// <summary><c>default: drain; break;</c> as the switch's last section.</summary>
            private void AddDefault(SwitchStatementSyntax switchStatement, StatementSyntax drain) =>
                _editor.ReplaceNode(switchStatement, (current, _) => ((SwitchStatementSyntax)current)
                    .AddSections(SyntaxFactory.SwitchSection(
                        SyntaxFactory.SingletonList<SwitchLabelSyntax>(SyntaxFactory.DefaultSwitchLabel()),
                        SyntaxFactory.List(new[] { drain, SyntaxFactory.BreakStatement() })))
                    .WithAdditionalAnnotations(Formatter.Annotation));

            private StatementSyntax Drain(string name, StreamShape shape, SyntaxNode at) => shape switch
            {
                StreamShape.Multiplexed => _code.ReadMultiplexedToEnd(name, at),
                StreamShape.Reader => _code.ReadReaderToEnd(name, _activity, at),
                _ => _code.ReadStreamToEnd(name, _activity, at),
            };

            private static ExpressionSyntax AwaitIn(SyntaxNode statement) => statement switch
            {
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } => Unwrap(assignment.Right),
                ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax dispose } } => Unwrap(dispose.Expression),
                ExpressionStatementSyntax expression => Unwrap(expression.Expression),
                LocalDeclarationStatementSyntax declaration => Unwrap(declaration.Declaration.Variables[0].Initializer!.Value),
                _ => throw new System.InvalidOperationException("unexpected statement " + statement.Kind()),
            };

            private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
                expression is ParenthesizedExpressionSyntax parenthesized ? Unwrap(parenthesized.Expression) : expression;

            private void InsertAfter(StatementSyntax statement, StatementSyntax drain)
            {
                if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    _editor.InsertAfter(statement, drain);
                }
                else if (statement.Parent is GlobalStatementSyntax global)
                {
                    // Top-level statements: a block around the statement would hide its locals from the rest of the program.
                    _editor.InsertAfter(global, SyntaxEdits.TopLevel(drain, global));
                }
                else
                {
                    _editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block((StatementSyntax)current, drain).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            private void InsertBefore(StatementSyntax statement, StatementSyntax drain)
            {
                if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    _editor.InsertBefore(statement, drain);
                }
                else if (statement.Parent is GlobalStatementSyntax global)
                {
                    _editor.InsertBefore(global, SyntaxEdits.TopLevel(drain, global));
                }
                else
                {
                    _editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block(drain, (StatementSyntax)current).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }
        }
    }
}
