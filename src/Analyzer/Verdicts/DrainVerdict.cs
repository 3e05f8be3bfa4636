using System.Collections.Immutable;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How the PULL001/PULL002 fix repairs a stream, as the analyzer decided it.</summary>
    internal enum DrainForm
    {
        /// <summary>No edit reads the stream without changing what the code already reads: no fix is offered.</summary>
        None,
        /// <summary>The awaited stream is a statement of its own (<c>await …;</c>, <c>_ = await …;</c>, <c>(await …).Dispose();</c>).</summary>
        Statement,
        /// <summary>The awaited stream is an expression body (method, local function or lambda).</summary>
        ExpressionBody,
        /// <summary><c>var x = await …;</c> and <c>x</c> is never read.</summary>
        NeverReadLocal,
        /// <summary><c>using (await …) { … }</c>: the resource has no name to read it by.</summary>
        UsingResource,
        /// <summary>The stream lives in locals: drains go at <see cref="DrainPoint"/>s.</summary>
        AtPoints,
    }

    /// <summary>
    /// The analyzer's verdict on a completion stream, carried to the code fix in <see cref="Diagnostic.Properties"/> (as
    /// roslyn-analyzers' CA2016 hands its fixer what it found), so that the fix edits and never analyzes again.
    /// </summary>
    internal static class DrainVerdict
    {
        private const string FormKey = "PullAnalyzer.DrainForm";
        private const string JobKey = "PullAnalyzer.Job";
        private const string PointsKey = "PullAnalyzer.DrainPoints";
        private const string BlocksKey = "PullAnalyzer.DrainBlocks";

        /// <param name="stream">The expression whose value is the stream (see <see cref="StreamVerdict.Awaited"/>): the fix rewrites around it.</param>
        /// <param name="blocks">The function cannot await (a stream taken by blocking in a synchronous method): the drain blocks too.</param>
        public static ImmutableDictionary<string, string?> Properties(DrainForm form, StreamShape shape, string job, ImmutableArray<DrainPoint> points, SyntaxNode stream,
            bool blocks)
        {
            var properties = StreamVerdict.Properties(shape, stream);
            properties[FormKey] = form.ToString();
            properties[JobKey] = job;
            if (blocks)
            {
                properties[BlocksKey] = "true";
            }

            if (form == DrainForm.AtPoints)
            {
                properties[PointsKey] = DrainPoint.Encode(points);
            }

            return properties.ToImmutable();
        }

        public static bool Blocks(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(BlocksKey, out var value) && value == "true";

        public static DrainForm Form(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(FormKey, out var value) && Enum.TryParse<DrainForm>(value, out var form) ? form : DrainForm.None;

        /// <summary>The job's name, for names and messages: "build", "pull", "exec", …</summary>
        public static string Job(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(JobKey, out var value) && !string.IsNullOrEmpty(value) ? value! : "operation";

        public static ImmutableArray<DrainPoint> Points(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(PointsKey, out var value) ? DrainPoint.Decode(value) : ImmutableArray<DrainPoint>.Empty;

        /// <summary>How a stream that is thrown away (PULL001) is rewritten: it becomes a local of a draining using.</summary>
        public static DrainForm OfDiscarded(SyntaxNode awaited) => awaited.Parent switch
        {
            ExpressionStatementSyntax => DrainForm.Statement,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax } => DrainForm.Statement,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } } => DrainForm.Statement,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } => DrainForm.ExpressionBody,
            LambdaExpressionSyntax lambda when lambda.ExpressionBody == awaited => DrainForm.ExpressionBody,
            _ => DrainForm.None,
        };

        /// <summary>How a stream kept in a local that is never read (PULL001) is rewritten: the declaration becomes a draining using.</summary>
        public static DrainForm OfNeverRead(SyntaxNode awaited) =>
            awaited.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }
                && declaration.UsingKeyword.IsKind(SyntaxKind.None)
                ? DrainForm.NeverReadLocal
                : DrainForm.None;
    }
}
