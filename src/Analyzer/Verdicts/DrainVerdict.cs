using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// How the PULL001/PULL002 fix reads a completion stream to its end, decided here from what the value flow and the
    /// path checker found, and carried to the fix in <see cref="Diagnostic.Properties"/> (<see cref="DrainProperties"/>,
    /// as roslyn-analyzers' CA2016 hands its fixer what it found), so that the fix edits and never analyzes again.
    /// </summary>
    internal static class DrainVerdict
    {
        /// <summary>A stream that is discarded (PULL001): it becomes a local of a draining using.</summary>
        public static ImmutableDictionary<string, string?> OfDiscarded(DockerCall docker, IOperation value, ApiCatalogue catalogue) =>
            Encode(DiscardedForm(StreamVerdict.Awaited(value.Syntax)), docker, value, default, catalogue);

        /// <summary>A stream kept in a local that is never read (PULL001): the declaration becomes a draining using.</summary>
        public static ImmutableDictionary<string, string?> OfNeverRead(DockerCall docker, IOperation value, ApiCatalogue catalogue) =>
            Encode(NeverReadForm(StreamVerdict.Awaited(value.Syntax)), docker, value, default, catalogue);

        /// <summary>A stream that some path leaves unread (PULL002): drained at the exits the path checker found.</summary>
        public static ImmutableDictionary<string, string?> OfUnreadPath(DockerCall docker, IOperation value, PathVerdict path, ConsumptionFacts facts, ApiCatalogue catalogue)
        {
            var awaited = StreamVerdict.Awaited(value.Syntax);
            var form = DiscardedForm(awaited);
            var points = default(ImmutableArray<DrainPoint>);
            if (form == DrainForm.None)
            {
                // `(await …).Dispose();` above is rewritten like a discarded stream; `using (await …) { … }` has no local
                // to drain, so the fix names the resource and drains it first; otherwise the drain goes at the exits.
                if (awaited.Parent is UsingStatementSyntax usingStatement && usingStatement.Expression == awaited)
                {
                    form = DrainForm.UsingResource;
                }
                else if (DrainPlacement.Place(path, facts) is { } placed)
                {
                    form = DrainForm.AtPoints;
                    points = placed;
                }
            }

            return Encode(form, docker, value, points, catalogue);
        }

        private static ImmutableDictionary<string, string?> Encode(DrainForm form, DockerCall docker, IOperation value, ImmutableArray<DrainPoint> points, ApiCatalogue catalogue) =>
            DrainProperties.Encode(StreamVerdict.Properties(docker.Shape, value), form, docker.Job, points, RuntimeDrainOf(catalogue.Runtime));

        private static RuntimeDrain RuntimeDrainOf(RuntimeHelpers runtime) =>
            !runtime.HasDrainAsync ? RuntimeDrain.None : runtime.HasBlockingDrain ? RuntimeDrain.AsyncAndBlocking : RuntimeDrain.AsyncOnly;

        private static DrainForm DiscardedForm(SyntaxNode awaited) => awaited.Parent switch
        {
            ExpressionStatementSyntax => DrainForm.Statement,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax } => DrainForm.Statement,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } } => DrainForm.Statement,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } => DrainForm.ExpressionBody,
            LambdaExpressionSyntax lambda when lambda.ExpressionBody == awaited => DrainForm.ExpressionBody,
            _ => DrainForm.None,
        };

        private static DrainForm NeverReadForm(SyntaxNode awaited) =>
            awaited.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }
                && declaration.UsingKeyword.IsKind(SyntaxKind.None)
                ? DrainForm.NeverReadLocal
                : DrainForm.None;
    }
}
