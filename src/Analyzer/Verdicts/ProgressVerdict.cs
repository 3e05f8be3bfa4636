using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How the PULL005 fix gives the call a progress that fails on engine errors, decided here and carried in <see cref="ProgressProperties"/>.</summary>
    internal static class ProgressVerdict
    {
        /// <param name="call">The Docker call that takes the progress.</param>
        /// <param name="argument">The progress argument as written.</param>
        /// <param name="finding">What the progress classifier found.</param>
        public static ImmutableDictionary<string, string?> For(IInvocationOperation call, SyntaxNode argument, ProgressFinding finding, DockerCall docker, ApiCatalogue catalogue)
        {
            // A call whose task is discarded as a statement (PULL003 too) in a function that can await: the fix awaits it,
            // so that the progress's failure reaches the code.
            var task = TaskUse.AsUsed(call);
            var awaitsCall = task.Parent is IExpressionStatementOperation && OperationTree.CanAwait(call);
            var form = catalogue.Runtime.HasFailOnErrorProgress ? ProgressFixForm.Runtime : HelperForm(call, awaitsCall);
            return ProgressProperties.Encode(argument, keepsProgress: finding.Problem != ProgressProblem.Null, docker.Job, form, awaitsCall, task.Syntax,
                EditableReport(finding.Report, call));
        }

        /// <summary>
        /// A Report in the same file can itself be made to fail on the error (a second action); one in another file would
        /// need an edit there, which a fix of this document does not make.
        /// </summary>
        private static SyntaxNode? EditableReport(IMethodSymbol? report, IOperation call) =>
            report?.DeclaringSyntaxReferences is { Length: 1 } references
            && references[0].GetSyntax() is MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null }
            && references[0].SyntaxTree == call.Syntax.SyntaxTree
                ? references[0].GetSyntax()
                : null;

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
