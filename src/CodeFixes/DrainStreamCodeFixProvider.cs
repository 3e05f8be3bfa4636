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
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Consumption;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// PULL001 and PULL002: read the completion stream to its end. A discarded stream is kept in a well-named local
    /// inside <c>using</c> and drained; a stream that some path leaves unread gets the drain where that path lacks it
    /// (after its last use, before an early <c>return</c>, in the branch that has none) — never where it would change
    /// what the code already reads. Two actions: with the in-band error check (the default) and without.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DrainStreamCodeFixProvider)), Shared]
    public sealed class DrainStreamCodeFixProvider : PullCodeFixProvider
    {
        private const string CheckedKey = "PULL001-PULL002-drain-checked";
        private const string PlainKey = "PULL001-PULL002-drain-plain";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(Descriptors.CompletionStreamDiscarded.Id, Descriptors.CompletionStreamNotReadToEnd.Id);

        internal override ImmutableArray<FixAction> Actions(Diagnostic diagnostic) => ImmutableArray.Create(
            new FixAction("Read the stream to its end and fail on engine errors", CheckedKey),
            new FixAction("Read the stream to its end", PlainKey));

        internal override Task<bool> ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, string key, FixState state, CancellationToken cancellationToken)
        {
            var model = editor.SemanticModel;
            if (CallAt(editor.OriginalRoot, diagnostic) is not { } call
                || AwaitedStream(call) is not { } value
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || ApiCatalogue.TryCreate(model.Compilation, editor.OriginalDocument.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider) is not { } catalogue
                || !catalogue.TryClassify(invocation.TargetMethod, out var docker)
                || docker.Role != StreamRole.Completion
                || StreamCallSite.StreamValue(invocation, catalogue) is not { } streamValue)
            {
                return Task.FromResult(false);
            }

            var code = new DrainCode(model, state, checkErrors: key != PlainKey);
            var facts = new ConsumptionTracker(new DrainDetector(catalogue)).Track(streamValue, docker.Shape);
            var fix = new Fix(editor, state, code, docker, facts, cancellationToken);
            return Task.FromResult(fix.Apply(value));
        }

        /// <summary>One diagnostic's fix: decides where the drain goes and puts it there.</summary>
        private sealed class Fix
        {
            private readonly DocumentEditor _editor;
            private readonly FixState _state;
            private readonly DrainCode _code;
            private readonly DockerCall _docker;
            private readonly ConsumptionFacts _facts;
            private readonly CancellationToken _cancellationToken;

            public Fix(DocumentEditor editor, FixState state, DrainCode code, DockerCall docker, ConsumptionFacts facts, CancellationToken cancellationToken)
            {
                _editor = editor;
                _state = state;
                _code = code;
                _docker = docker;
                _facts = facts;
                _cancellationToken = cancellationToken;
            }

            public bool Apply(ExpressionSyntax value)
            {
                switch (value.Parent)
                {
                    // `await …;`, `_ = await …;`, `(await …).Dispose();`: nothing reads the stream, so it gets a local of its own.
                    case ExpressionStatementSyntax statement:
                        return ReplaceWithDrainingUsing(statement, null);
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement }:
                        return ReplaceWithDrainingUsing(statement, null);
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } }:
                        return ReplaceWithDrainingUsing(statement, null);
                    case ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax:
                        return ReplaceExpressionBody(value);

                    // `var unused = await …;` never read: kept under its own name.
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } declarator }
                        when _facts.NeverReadLocal is not null && declaration.UsingKeyword.IsKind(SyntaxKind.None):
                        return ReplaceWithDrainingUsing(declaration, declarator.Identifier.ValueText);

                    // `using (await …) { … }`: give it a name, drain it first (the body cannot read it).
                    case UsingStatementSyntax usingStatement when usingStatement.Expression == value:
                        return NameUsingResource(usingStatement);

                    // Kept in a local, or wrapped in a reader kept in a local.
                    default:
                        return DrainTrackedLocal();
                }
            }

            private bool ReplaceWithDrainingUsing(StatementSyntax statement, string? name)
            {
                name ??= _state.UniqueName(statement, _docker.Activity.Replace(" ", string.Empty) + "Output");
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
                        SyntaxFactory.Block(Drain(name, _docker.Shape, at)))
                    .WithAdditionalAnnotations(Formatter.Annotation);

            private bool ReplaceExpressionBody(ExpressionSyntax value)
            {
                var name = _state.UniqueName(value, _docker.Activity.Replace(" ", string.Empty) + "Output");
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

            private bool NameUsingResource(UsingStatementSyntax usingStatement)
            {
                var name = _state.UniqueName(usingStatement, _docker.Activity.Replace(" ", string.Empty) + "Output");
                var drain = Drain(name, _docker.Shape, usingStatement);
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

            /// <summary>
            /// The stream lives in a local (perhaps wrapped in a reader): drain the innermost of them, after its last
            /// use when nothing drains it yet, before each early return that comes before the first drain, and in
            /// the missing branch of an if whose other branch drains.
            /// </summary>
            private bool DrainTrackedLocal()
            {
                if (_facts.Locals.Count == 0 || _facts.OverwriteSites.Count > 0 || _facts.UsedInLocalFunction)
                {
                    return false;
                }

                var (local, shape) = _facts.Locals[_facts.Locals.Count - 1];
                if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax declarator
                    || Scope(declarator) is not { } scope)
                {
                    return false;
                }

                var name = local.Name;
                var doneStarts = _facts.DoneSites.Select(site => site.SpanStart).OrderBy(start => start).ToList();
                var edited = false;

                int insertAt;
                if (doneStarts.Count == 0)
                {
                    // Nothing reads it to its end: after its last use (which keeps what the code reads), or first thing.
                    var lastUse = scope.Statements.LastOrDefault(s => References(s, name));
                    var drain = Drain(name, shape, declarator);
                    if (lastUse is null)
                    {
                        InsertFirst(scope, drain);
                        insertAt = scope.Start;
                    }
                    else
                    {
                        InsertAfter(lastUse, drain);
                        insertAt = lastUse.Span.End;
                    }

                    edited = true;
                }
                else
                {
                    insertAt = doneStarts[0];
                    edited |= DrainMissingBranches(scope, name, shape, declarator);
                }

                foreach (var earlyReturn in Returns(scope).Where(r => r.SpanStart < insertAt))
                {
                    InsertBefore(earlyReturn, Drain(name, shape, declarator));
                    edited = true;
                }

                return edited;
            }

            private bool DrainMissingBranches(Scope scope, string name, StreamShape shape, SyntaxNode at)
            {
                var edited = false;
                foreach (var ifStatement in scope.Statements.SelectMany(s => s.DescendantNodesAndSelf(Descend)).OfType<IfStatementSyntax>())
                {
                    var inThen = HasDone(ifStatement.Statement);
                    var inElse = ifStatement.Else is { } elseClause && HasDone(elseClause.Statement);
                    if (!inThen || inElse || DrainsAfter(ifStatement))
                    {
                        continue;
                    }

                    var drain = Drain(name, shape, at);
                    if (ifStatement.Else is null)
                    {
                        _editor.ReplaceNode(ifStatement, (current, _) => ((IfStatementSyntax)current)
                            .WithElse(SyntaxFactory.ElseClause(SyntaxFactory.Block(drain))).WithAdditionalAnnotations(Formatter.Annotation));
                    }
                    else if (ifStatement.Else.Statement is BlockSyntax elseBlock && elseBlock.Statements.Count > 0)
                    {
                        InsertAfter(elseBlock.Statements.Last(), drain);
                    }
                    else
                    {
                        _editor.ReplaceNode(ifStatement.Else.Statement, (current, _) =>
                            SyntaxFactory.Block((StatementSyntax)current, drain).WithAdditionalAnnotations(Formatter.Annotation));
                    }

                    edited = true;
                }

                return edited;
            }

            /// <summary>Whether a drain follows the if on the path, in which case the missing branch already reaches it.</summary>
            private bool DrainsAfter(IfStatementSyntax ifStatement) => _facts.DoneSites.Any(site => site.SpanStart >= ifStatement.Span.End);

            private bool HasDone(SyntaxNode node) => _facts.DoneSites.Any(site => node.Span.Contains(site.Span));

            private StatementSyntax Drain(string name, StreamShape shape, SyntaxNode at) => shape switch
            {
                StreamShape.Multiplexed => _code.ReadMultiplexedToEnd(name, at),
                StreamShape.Reader => _code.ReadReaderToEnd(name, _docker.Activity, at),
                _ => _code.ReadStreamToEnd(name, _docker.Activity, at),
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
                else
                {
                    _editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block(drain, (StatementSyntax)current).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            private void InsertFirst(Scope scope, StatementSyntax drain)
            {
                if (scope.Statements.Count > 0)
                {
                    InsertBefore(scope.Statements[0], drain);
                }
                else if (scope.Owner is UsingStatementSyntax { Statement: BlockSyntax emptyBlock })
                {
                    _editor.ReplaceNode(emptyBlock, (current, _) => SyntaxFactory.Block(drain).WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation));
                }
                else if (scope.Owner is LocalDeclarationStatementSyntax declaration)
                {
                    // The declaration is the last statement of its block.
                    InsertAfter(declaration, drain);
                }
            }

            private static bool References(SyntaxNode node, string name) =>
                node.DescendantTokens().Any(token => token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name);

            /// <summary>The return statements of the scope's own function (not of lambdas or local functions inside it).</summary>
            private static IEnumerable<ReturnStatementSyntax> Returns(Scope scope) =>
                scope.Statements.SelectMany(s => s.DescendantNodesAndSelf(Descend)).OfType<ReturnStatementSyntax>();

            private static bool Descend(SyntaxNode node) => node is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax;

            /// <summary>The statements that can see the local: the using body, or the rest of the declaring block.</summary>
            private static Scope? Scope(VariableDeclaratorSyntax declarator)
            {
                switch (declarator.Parent?.Parent)
                {
                    case UsingStatementSyntax usingStatement:
                        return new Scope(usingStatement, usingStatement.Statement is BlockSyntax block
                            ? block.Statements.ToList()
                            : new List<StatementSyntax> { usingStatement.Statement });
                    case LocalDeclarationStatementSyntax declaration when declaration.Parent is BlockSyntax parent:
                        return new Scope(declaration, parent.Statements.Skip(parent.Statements.IndexOf(declaration) + 1).ToList());
                    default:
                        return null;
                }
            }
        }

        private sealed class Scope
        {
            public Scope(SyntaxNode owner, List<StatementSyntax> statements)
            {
                Owner = owner;
                Statements = statements;
            }

            public SyntaxNode Owner { get; }

            public List<StatementSyntax> Statements { get; }

            public int Start => Owner.Span.End;
        }
    }
}
