using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// Turns the path checker's <see cref="LeakExit"/>s into places in the code: the statement before or after which, the
    /// branch or section in which, a drain reads the stream on that path and on no other. A flow-graph branch that does
    /// not map to one such place (a loop condition that meets a reading path, a condition made of <c>&amp;&amp;</c>) makes
    /// the whole placement fail: then no fix is offered rather than a wrong one.
    /// </summary>
    internal static class DrainPlacement
    {
        /// <summary>How far back an empty block is followed to the statement that leads into it.</summary>
        private const int MaxEmptyBlocks = 4;

        public static ImmutableArray<DrainPoint>? Place(PathVerdict verdict, ConsumptionFacts facts)
        {
            if (!verdict.ExitsAreComplete)
            {
                return null;
            }

            var points = ImmutableArray.CreateBuilder<DrainPoint>();
            foreach (var exit in verdict.Exits)
            {
                var place = exit.Inspect is { } inspect
                    ? StatementOf(inspect.Syntax) is { } statement ? (DrainPointKind.Before, statement) : ((DrainPointKind, SyntaxNode)?)null
                    : Locate(exit.Source, exit.Branch!, MaxEmptyBlocks);
                if (place is not { } found || LocalInScope(facts, found.Item1, found.Item2) is not { } local)
                {
                    return null;
                }

                var point = new DrainPoint(found.Item1, found.Item2.Span, local.Name, local.Shape);
                if (!points.Contains(point))
                {
                    points.Add(point);
                }
            }

            return points.ToImmutable();
        }

        /// <summary>The place in the code that stands for leaving <paramref name="block"/> by <paramref name="branch"/>.</summary>
        private static (DrainPointKind, SyntaxNode)? Locate(BasicBlock block, ControlFlowBranch branch, int emptyBlocksLeft)
        {
            // `return value;`: before it.
            if (branch.Semantics == ControlFlowBranchSemantics.Return && block.BranchValue is { } returned)
            {
                return StatementOf(returned.Syntax) is ReturnStatementSyntax statement ? (DrainPointKind.Before, statement) : null;
            }

            if (block.ConditionalSuccessor is { } conditional && block.BranchValue is { } condition)
            {
                var whenTrue = (branch == conditional) == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                return LocateConditional(condition.Syntax, whenTrue);
            }

            if (block.Operations.IsEmpty)
            {
                // A block with nothing in it (an empty using body, the join of branches): the one way into it decides.
                return emptyBlocksLeft > 0 && block.Predecessors.Length == 1 && block.Predecessors[0].Source is { } source
                    ? Locate(source, block.Predecessors[0], emptyBlocksLeft - 1)
                    : null;
            }

            var last = block.Operations[block.Operations.Length - 1].Syntax;
            switch (StatementOf(last))
            {
                case UsingStatementSyntax usingStatement when !usingStatement.Statement.Span.Contains(last.Span):
                    // The resource was just made and the body does not read it (or is empty): first thing in the body.
                    return (DrainPointKind.FirstIn, usingStatement.Statement);
                // The statement before a `break`, `continue`, `goto` or the end of a block (those have no operation).
                case ExpressionStatementSyntax or LocalDeclarationStatementSyntax when !ContinuesIn(branch, StatementOf(last)!):
                    return (DrainPointKind.After, StatementOf(last)!);
                default:
                    return null;
            }
        }

        /// <summary>A branch taken on a condition: an <c>if</c>'s, or a <c>switch</c> label's.</summary>
        private static (DrainPointKind, SyntaxNode)? LocateConditional(SyntaxNode condition, bool whenTrue)
        {
            var outer = condition;
            while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                outer = parenthesized;
            }

            if (outer.Parent is IfStatementSyntax ifStatement && ifStatement.Condition == outer)
            {
                if (whenTrue)
                {
                    return (DrainPointKind.FirstIn, ifStatement.Statement);
                }

                return ifStatement.Else is { } elseClause ? (DrainPointKind.FirstIn, elseClause.Statement) : (DrainPointKind.Else, ifStatement);
            }

            // A loop that ends on its condition: after the loop, when no `break` joins the way out (it is mapped on its own).
            if (LoopOf(outer) is { } loop && !whenTrue)
            {
                return HasOwnBreak(loop) ? null : (DrainPointKind.After, loop);
            }

            if (condition.FirstAncestorOrSelf<SwitchLabelSyntax>() is { Parent: SwitchSectionSyntax section } label
                && section.Parent is SwitchStatementSyntax switchStatement
                && !condition.AncestorsAndSelf().OfType<WhenClauseSyntax>().Any())
            {
                if (whenTrue)
                {
                    return (DrainPointKind.FirstIn, section);
                }

                // No label matched: the default section, or one the fix adds.
                var defaultSection = switchStatement.Sections.FirstOrDefault(s => s.Labels.Any(l => l is DefaultSwitchLabelSyntax));
                return defaultSection is not null ? (DrainPointKind.FirstIn, defaultSection) : (DrainPointKind.Default, switchStatement);
            }

            return null;
        }

        /// <summary>The loop whose condition (or, for a foreach, whose collection) <paramref name="condition"/> is.</summary>
        private static StatementSyntax? LoopOf(SyntaxNode condition) => condition.Parent switch
        {
            WhileStatementSyntax loop when loop.Condition == condition => loop,
            DoStatementSyntax loop when loop.Condition == condition => loop,
            ForStatementSyntax loop when loop.Condition == condition => loop,
            CommonForEachStatementSyntax loop when loop.Expression == condition => loop,
            _ => null,
        };

        /// <summary>Whether a <c>break</c> in the loop's body leaves this loop (not an inner loop or switch).</summary>
        private static bool HasOwnBreak(StatementSyntax loop) =>
            loop.DescendantNodes().OfType<BreakStatementSyntax>().Any(breakStatement =>
                breakStatement.Ancestors().First(a => a is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
                    or CommonForEachStatementSyntax or SwitchStatementSyntax) == loop);

        /// <summary>Whether the branch goes on inside the same statement (one split over several blocks).</summary>
        private static bool ContinuesIn(ControlFlowBranch branch, StatementSyntax statement)
        {
            var next = branch.Destination;
            var first = next is null ? null
                : next.Operations.Length > 0 ? next.Operations[0].Syntax
                : next.BranchValue?.Syntax;
            return first is not null && statement.Span.Contains(first.Span);
        }

        /// <summary>The statement a piece of code belongs to.</summary>
        private static StatementSyntax? StatementOf(SyntaxNode node) => node.FirstAncestorOrSelf<StatementSyntax>();

        /// <summary>
        /// The innermost local holding the stream (or a reader over it) that is in scope where the drain goes: declared
        /// before that place, in a block, section, using statement or top-level program that contains it.
        /// </summary>
        private static (string Name, StreamShape Shape)? LocalInScope(ConsumptionFacts facts, DrainPointKind kind, SyntaxNode target)
        {
            var position = kind switch
            {
                DrainPointKind.Before => target.SpanStart,
                DrainPointKind.After => target.Span.End,
                _ => target.SpanStart + 1,
            };

            for (var i = facts.Locals.Count - 1; i >= 0; i--)
            {
                var local = facts.Locals[i].Local;
                var shape = facts.Locals[i].Shape;
                // An archive reader has no member that reads the rest of the stream: the drain reads the stream itself.
                if (shape == StreamShape.Archive)
                {
                    continue;
                }

                if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax declarator
                    && InScope(declarator, position))
                {
                    return (local.Name, shape);
                }
            }

            return null;
        }

        private static bool InScope(VariableDeclaratorSyntax declarator, int position)
        {
            switch (declarator.Parent?.Parent)
            {
                case UsingStatementSyntax usingStatement:
                    return usingStatement.Statement.Span.Contains(position) || usingStatement.Statement.Span.End == position;
                case LocalDeclarationStatementSyntax declaration when position >= declaration.Span.End:
                    return declaration.Parent switch
                    {
                        // A local of a switch section is only assigned in its own section.
                        BlockSyntax or SwitchSectionSyntax => position < declaration.Parent.Span.End,
                        GlobalStatementSyntax { Parent: CompilationUnitSyntax } => true,
                        _ => false,
                    };
                default:
                    return false;
            }
        }
    }
}
