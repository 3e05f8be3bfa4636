using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How the PULL005 fix gives the call a progress that fails on engine errors.</summary>
    internal enum ProgressFixForm
    {
        /// <summary>No place for the check after the call (an argument list, an interface, a generic Task body): no fix.</summary>
        None,
        /// <summary>PullAnalyzer.Runtime is referenced: its <c>FailOnErrorProgress</c> replaces (and wraps) the argument.</summary>
        Runtime,
        /// <summary>A private helper collects the error, declared before the call's statement and checked after it.</summary>
        HelperAroundStatement,
        /// <summary><c>async Task M() => await call;</c> becomes a block body with the helper around the call.</summary>
        HelperInExpressionBody,
        /// <summary>
        /// <c>Task M() => call;</c> becomes <c>async</c> with a block body that awaits the call between the helper and its
        /// check: the check must run after the call, which only awaiting it there allows.
        /// </summary>
        HelperInAsyncExpressionBody,
    }

    /// <summary>
    /// The PULL005 verdict the fix needs: which argument is the progress, whether it has a progress to keep, the job, the
    /// form of the fix, and whether the call (dropped as a statement) is awaited by it.
    /// </summary>
    internal static class ProgressVerdict
    {
        private const string ArgumentKey = "PullAnalyzer.ProgressArgument";
        private const string KeepsProgressKey = "PullAnalyzer.KeepsProgress";
        private const string JobKey = "PullAnalyzer.Job";
        private const string FormKey = "PullAnalyzer.ProgressFix";
        private const string AwaitsCallKey = "PullAnalyzer.AwaitsCall";
        private const string ReportKey = "PullAnalyzer.Report";
        /// <summary>The runtime helper's failing progress: its presence in the compilation decides the fix's form, and the fix writes it.</summary>
        internal const string RuntimeProgress = "PullAnalyzer.Runtime.FailOnErrorProgress";

        /// <param name="call">The Docker call that takes the progress.</param>
        /// <param name="argument">The progress argument as written.</param>
        /// <param name="keepsProgress">False for <c>null</c>: nothing to wrap.</param>
        /// <param name="job">The job's name: "pull", "build", …</param>
        /// <param name="report">The progress type's own <c>Report</c> that ignores the error, when that is the problem.</param>
        public static ImmutableDictionary<string, string?> Properties(IInvocationOperation call, SyntaxNode argument, bool keepsProgress, string job, Compilation compilation,
            IMethodSymbol? report)
        {
            // A call dropped as a statement (PULL003 too) in a function that can await: the fix awaits it, so that the
            // progress's failure reaches the code.
            var awaitsCall = StreamCallSite.TaskAsUsed(call).Parent is IExpressionStatementOperation && OperationTree.CanAwait(call);
            var form = compilation.GetTypeByMetadataName(RuntimeProgress) is not null ? ProgressFixForm.Runtime : HelperForm(call, awaitsCall);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ArgumentKey, SpanProperty.Encode(argument))
                .Add(KeepsProgressKey, keepsProgress ? "true" : "false")
                .Add(JobKey, job)
                .Add(FormKey, form.ToString());
            if (awaitsCall)
            {
                properties = properties.Add(AwaitsCallKey, "true");
            }

            // A Report in the same file can itself be made to fail on the error (a second action); one in another file
            // would need an edit there, which a fix of this document does not make.
            if (report?.DeclaringSyntaxReferences is { Length: 1 } references
                && references[0].GetSyntax() is MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null }
                && references[0].SyntaxTree == call.Syntax.SyntaxTree)
            {
                properties = properties.Add(ReportKey, SpanProperty.Encode(references[0].GetSyntax()));
            }

            return properties;
        }

        /// <summary>The span of the progress type's own <c>Report</c>, where the fix can make it fail on the error.</summary>
        public static TextSpan? Report(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ReportKey);

        /// <summary>The span of the progress argument, or null when the diagnostic carries none.</summary>
        public static TextSpan? Argument(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, ArgumentKey);

        public static bool KeepsProgress(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(KeepsProgressKey, out var value) && value == "true";

        public static string Job(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(JobKey, out var value) && !string.IsNullOrEmpty(value) ? value! : "operation";

        public static ProgressFixForm Form(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(FormKey, out var value) && Enum.TryParse<ProgressFixForm>(value, out var form) ? form : ProgressFixForm.None;

        public static bool AwaitsCall(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(AwaitsCallKey, out var value) && value == "true";

        /// <summary>
        /// Without the runtime the helper needs a place after the call: the call awaited (or awaited by the fix) in a
        /// statement of a block or switch section of a class or struct, or of a top-level program; or the awaited
        /// expression body of a method or local function returning a plain Task.
        /// </summary>
        private static ProgressFixForm HelperForm(IInvocationOperation call, bool awaitsCall)
        {
            var syntax = call.Syntax;
            if (syntax.Parent is AwaitExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow })
            {
                return ReturnsPlainTask(call, arrow) && InClassOrStruct(arrow) ? ProgressFixForm.HelperInExpressionBody : ProgressFixForm.None;
            }

            // `Task PullAsync() => client.Images.CreateImageAsync(…);`: the task is returned; made async, the member awaits it.
            if (syntax.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } returned)
            {
                return ReturnsPlainTask(call, returned) && InClassOrStruct(returned)
                    && call.SemanticModel?.GetDeclaredSymbol(returned.Parent!) is IMethodSymbol { IsAsync: false }
                    ? ProgressFixForm.HelperInAsyncExpressionBody
                    : ProgressFixForm.None;
            }

            var statement = syntax.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax)
                || (syntax.FirstAncestorOrSelf<AwaitExpressionSyntax>() is null && !awaitsCall))
            {
                return ProgressFixForm.None;
            }

            return statement.Parent is GlobalStatementSyntax { Parent: CompilationUnitSyntax }
                || (statement.Parent is BlockSyntax or SwitchSectionSyntax && InClassOrStruct(statement))
                ? ProgressFixForm.HelperAroundStatement
                : ProgressFixForm.None;
        }

        private static bool ReturnsPlainTask(IOperation call, ArrowExpressionClauseSyntax arrow) =>
            call.SemanticModel?.GetDeclaredSymbol(arrow.Parent!) is IMethodSymbol { ReturnType: INamedTypeSymbol { IsGenericType: false, Name: "Task" } };

        private static bool InClassOrStruct(SyntaxNode node) =>
            node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type && type is not InterfaceDeclarationSyntax;
    }
}
