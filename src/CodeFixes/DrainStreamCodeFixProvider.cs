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
using PullAnalyzer.Catalogue;
using PullAnalyzer.Rules;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL001 and PULL002: read the completion stream to its end. The analyzer's verdict (<see cref="DrainProperties"/>)
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

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) => DrainProperties.Form(diagnostic) == DrainForm.None
            ? ImmutableArray<FixAction>.Empty
            : ImmutableArray.Create(
                new FixAction("Read the stream to its end and fail on engine errors", CheckedKey),
                new FixAction("Read the stream to its end", PlainKey));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            var blocks = StreamProperties.Blocks(diagnostic);
            var code = new DrainCode(editor.SemanticModel, state, checkErrors: key != PlainKey, blocks, DrainProperties.Runtime(diagnostic));
            var fix = new Fix(editor, state, code, StreamProperties.Shape(diagnostic), DrainProperties.Job(diagnostic), blocks);
            var value = StreamAt(editor.OriginalRoot, diagnostic);
            var applied = DrainProperties.Form(diagnostic) switch
            {
                DrainForm.Statement when value?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } statement => fix.ReplaceWithDrainingUsing(statement, value, null),
                DrainForm.ExpressionBody when value is not null => fix.ReplaceExpressionBody(value),
                DrainForm.NeverReadLocal when value?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration =>
                    fix.ReplaceWithDrainingUsing(declaration, value, declaration.Declaration.Variables[0].Identifier.ValueText),
                DrainForm.UsingResource when value?.Parent is UsingStatementSyntax usingStatement => fix.NameUsingResource(usingStatement),
                DrainForm.AtPoints => fix.DrainAt(DrainProperties.Points(diagnostic)),
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
            private readonly string _job;
            private readonly bool _blocks;

            public Fix(DocumentEditor editor, FixState state, DrainCode code, StreamShape shape, string job, bool blocks)
            {
                _blocks = blocks;
                _editor = editor;
                _state = state;
                _code = code;
                _shape = shape;
                _job = job;
            }

            /// <summary>The name of the local a discarded stream gets: "buildOutput", "execOutput", …</summary>
            private string OutputName(SyntaxNode at) => _state.UniqueName(at, _job.Replace(" ", string.Empty) + "Output");

            /// <summary>
            /// A statement that throws the stream away (or keeps it in a local nobody reads) becomes its draining owner:
            /// in a block from C# 8 on, <c>using var buildOutput = await …;</c> (<c>await using</c> where the stream is
            /// asynchronously disposable) followed by the drain; elsewhere <c>using (var buildOutput = await …) { drain }</c>.
            /// A comment that trailed the statement stays on the line of the call.
            /// </summary>
            public bool ReplaceWithDrainingUsing(StatementSyntax statement, ExpressionSyntax awaited, string? name)
            {
                name ??= OutputName(statement);
                awaited = Unwrap(awaited);
                if (IsBlockOf(statement) && Modern(statement))
                {
                    var owner = UsingDeclaration(awaited, name, statement)
                        .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia());
                    var drain = Drain(name, _shape, statement, inBlock: true);
                    if (statement.Parent is GlobalStatementSyntax global)
                    {
                        SyntaxEdits.InsertTopLevelAfter(_editor, global, drain);
                        _editor.ReplaceNode(global, SyntaxFactory.GlobalStatement(owner));
                    }
                    else
                    {
                        _editor.InsertAfter(statement, drain);
                        _editor.ReplaceNode(statement, owner);
                    }

                    return true;
                }

                _editor.ReplaceNode(statement, (current, _) => DrainingUsing(awaited, name, statement)
                    .WithLeadingTrivia(current.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticMarker));
                return true;
            }

            /// <summary><c>using (var name = await …) { drain }</c>, the comment that trailed the call after its <c>)</c>.</summary>
            private StatementSyntax DrainingUsing(ExpressionSyntax awaited, string name, SyntaxNode at) =>
                SyntaxFactory.UsingStatement(
                        SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name)
                                .WithInitializer(SyntaxFactory.EqualsValueClause(awaited.WithoutTrivia())))),
                        null,
                        SyntaxFactory.Block(Drain(name, _shape, at, inBlock: true)))
                    .WithCloseParenToken(SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(TrailingComment(at)))
                    .WithAdditionalAnnotations(Formatter.Annotation);

            /// <summary>
            /// <c>using var name = await …;</c>, or <c>await using var …</c> for an asynchronously disposable stream.
            /// <paramref name="awaited"/> may be a node of the tree being edited; <paramref name="at"/> is of the original.
            /// </summary>
            private LocalDeclarationStatementSyntax UsingDeclaration(ExpressionSyntax awaited, string name, SyntaxNode at)
            {
                var declaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name)
                            .WithInitializer(SyntaxFactory.EqualsValueClause(awaited.WithoutTrivia())))))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword));
                if (!_blocks && IsAsyncDisposable(at))
                {
                    declaration = declaration.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword));
                }

                return declaration.WithAdditionalAnnotations(Formatter.Annotation);
            }

            /// <summary>Whether the stream the call at <paramref name="at"/> hands back is asynchronously disposable.</summary>
            private bool IsAsyncDisposable(SyntaxNode at) =>
                (at.SyntaxTree == _editor.OriginalRoot.SyntaxTree ? AwaitedIn(at) : null) is { } awaited
                && _editor.SemanticModel.GetTypeInfo(awaited).Type is { } type
                && type.AllInterfaces.Any(i => i.Name == "IAsyncDisposable" && i.ContainingNamespace?.Name == "System");

            /// <summary>The awaited stream in or at <paramref name="at"/> (a statement, or the awaited expression itself).</summary>
            private static ExpressionSyntax? AwaitedIn(SyntaxNode at) =>
                at as AwaitExpressionSyntax ?? at.DescendantNodesAndSelf().OfType<AwaitExpressionSyntax>().FirstOrDefault();

            /// <summary>The comment (and line end) that trailed the statement of <paramref name="at"/>, if any.</summary>
            private static SyntaxTriviaList TrailingComment(SyntaxNode at) =>
                at.FirstAncestorOrSelf<StatementSyntax>() is { } statement && statement.GetTrailingTrivia().Any(SyntaxKind.SingleLineCommentTrivia)
                    ? statement.GetTrailingTrivia()
                    : SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker);

            public bool ReplaceExpressionBody(ExpressionSyntax value)
            {
                var name = OutputName(value);
                var body = value.Parent!;
                if (body is ArrowExpressionClauseSyntax arrow && arrow.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                {
                    _editor.ReplaceNode(arrow.Parent, (current, _) =>
                    {
                        var currentArrow = current.ChildNodes().OfType<ArrowExpressionClauseSyntax>().Single();
                        var block = SyntaxFactory.Block(OwnAndDrain(currentArrow.Expression, name, value)).WithAdditionalAnnotations(Formatter.Annotation);
                        return SyntaxEdits.WithBlockBody(current, block);
                    });
                    return true;
                }

                if (body is LambdaExpressionSyntax lambda && lambda.ExpressionBody == value)
                {
                    _editor.ReplaceNode(lambda, (current, _) =>
                    {
                        var currentLambda = (LambdaExpressionSyntax)current;
                        var block = GeneratedCode.Generated(SyntaxFactory.Block(OwnAndDrain(currentLambda.ExpressionBody!, name, value)));
                        // An elastic arrow lets the formatter put the new block on lines of its own.
                        var arrow = currentLambda.ArrowToken.WithTrailingTrivia(SyntaxFactory.ElasticMarker);
                        return currentLambda.WithArrowToken(arrow).WithBody(block).WithAdditionalAnnotations(Formatter.Annotation);
                    });
                    return true;
                }

                return false;
            }

            /// <summary>The statements of a new block body that owns the stream and drains it.</summary>
            private StatementSyntax[] OwnAndDrain(ExpressionSyntax awaited, string name, SyntaxNode at) => Modern(at)
                ? new StatementSyntax[] { UsingDeclaration(awaited, name, at) }.Concat(Drain(name, _shape, at, inBlock: true)).ToArray()
                : new[] { DrainingUsing(awaited, name, at) };

            public bool NameUsingResource(UsingStatementSyntax usingStatement)
            {
                var name = OutputName(usingStatement);
                var drain = Drain(name, _shape, usingStatement, inBlock: true);
                _editor.ReplaceNode(usingStatement, (current, _) =>
                {
                    var currentUsing = (UsingStatementSyntax)current;
                    var declaration = SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name)
                            .WithInitializer(SyntaxFactory.EqualsValueClause(currentUsing.Expression!.WithoutTrivia()))));
                    var body = currentUsing.Statement is BlockSyntax block
                        ? block.WithStatements(block.Statements.InsertRange(0, drain))
                        : SyntaxFactory.Block(drain.Add(currentUsing.Statement));
                    return currentUsing.WithExpression(null).WithDeclaration(declaration).WithStatement(body).WithAdditionalAnnotations(Formatter.Annotation);
                });
                return true;
            }

            private static bool Modern(SyntaxNode at) => EditSite.LanguageVersion(at) >= LanguageVersion.CSharp8;

            /// <summary>Whether the statement stands in a block or a top-level program, where several statements and using declarations fit.</summary>
            private static bool IsBlockOf(StatementSyntax statement) => statement.Parent is BlockSyntax or GlobalStatementSyntax;

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
                    System.Action? edit = (point.Kind, target) switch
                    {
                        (DrainPointKind.Before, StatementSyntax statement) =>
                            () => InsertBefore(statement, Drain(point.Local, point.Shape, statement, IsBlockOf(statement))),
                        (DrainPointKind.After, StatementSyntax statement) =>
                            () => InsertAfter(statement, Drain(point.Local, point.Shape, statement, IsBlockOf(statement))),
                        (DrainPointKind.FirstIn, BlockSyntax block) => () => InsertFirst(block, Drain(point.Local, point.Shape, block, inBlock: true)),
                        (DrainPointKind.FirstIn, SwitchSectionSyntax section) =>
                            () => InsertBefore(section.Statements[0], Drain(point.Local, point.Shape, section, inBlock: false)),
                        (DrainPointKind.FirstIn, StatementSyntax embedded) => () => InsertBefore(embedded, Drain(point.Local, point.Shape, embedded, inBlock: false)),
                        (DrainPointKind.Else, IfStatementSyntax { Else: null } ifStatement) =>
                            () => AddElse(ifStatement, Drain(point.Local, point.Shape, ifStatement, inBlock: true)),
                        (DrainPointKind.Default, SwitchStatementSyntax switchStatement) =>
                            () => AddDefault(switchStatement, Drain(point.Local, point.Shape, switchStatement, inBlock: false)),
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

            private void InsertFirst(BlockSyntax block, ImmutableArray<StatementSyntax> drain)
            {
                if (block.Statements.Count > 0)
                {
                    InsertBefore(block.Statements[0], drain);
                }
                else
                {
                    _editor.ReplaceNode(block, (current, _) => ((BlockSyntax)current).AddStatements(drain.ToArray()).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            private void AddElse(IfStatementSyntax ifStatement, ImmutableArray<StatementSyntax> drain) =>
                _editor.ReplaceNode(ifStatement, (current, _) => ((IfStatementSyntax)current)
                    .WithElse(SyntaxFactory.ElseClause(SyntaxFactory.Block(drain))).WithAdditionalAnnotations(Formatter.Annotation));

            /// <summary><c>default: drain; break;</c> as the switch's last section.</summary>
            private void AddDefault(SwitchStatementSyntax switchStatement, ImmutableArray<StatementSyntax> drain) =>
                _editor.ReplaceNode(switchStatement, (current, _) => ((SwitchStatementSyntax)current)
                    .AddSections(SyntaxFactory.SwitchSection(
                        SyntaxFactory.SingletonList<SwitchLabelSyntax>(SyntaxFactory.DefaultSwitchLabel()),
                        SyntaxFactory.List(drain.Add(SyntaxFactory.BreakStatement()))))
                    .WithAdditionalAnnotations(Formatter.Annotation));

            private ImmutableArray<StatementSyntax> Drain(string name, StreamShape shape, SyntaxNode at, bool inBlock) =>
                _code.ReadToEnd(name, shape, _job, at, inBlock);

            private static ExpressionSyntax Unwrap(ExpressionSyntax expression) =>
                expression is ParenthesizedExpressionSyntax parenthesized ? Unwrap(parenthesized.Expression) : expression;

            private void InsertAfter(StatementSyntax statement, ImmutableArray<StatementSyntax> drain)
            {
                if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    _editor.InsertAfter(statement, drain);
                }
                else if (statement.Parent is GlobalStatementSyntax global)
                {
                    // Top-level statements: a block around the statement would hide its locals from the rest of the program.
                    SyntaxEdits.InsertTopLevelAfter(_editor, global, drain);
                }
                else
                {
                    _editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block(drain.Insert(0, (StatementSyntax)current)).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            private void InsertBefore(StatementSyntax statement, ImmutableArray<StatementSyntax> drain)
            {
                if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    _editor.InsertBefore(statement, drain);
                }
                else if (statement.Parent is GlobalStatementSyntax global)
                {
                    _editor.InsertBefore(global, drain.Select(d => SyntaxEdits.TopLevel(d, global)));
                }
                else
                {
                    _editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block(drain.Add((StatementSyntax)current)).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }
        }
    }
}
