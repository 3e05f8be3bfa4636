using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How the PULL003 fix observes a discarded task, decided here and carried in <see cref="AwaitProperties"/>.</summary>
    internal static class AwaitVerdict
    {
        /// <param name="call">The Docker call whose task is discarded.</param>
        public static ImmutableDictionary<string, string?> For(IOperation call)
        {
            var task = TaskUse.AsUsed(call);
            return AwaitProperties.Encode(FormOf(task), task.Syntax, !OperationTree.CanAwait(task));
        }

        private static AwaitForm FormOf(IOperation task) => task.Parent switch
        {
            IExpressionStatementOperation => AwaitForm.Statement,
            ISimpleAssignmentOperation { Target: IDiscardOperation, Parent: IExpressionStatementOperation } => AwaitForm.Discard,
            // A statement can follow the declaration only in a block, a switch section or a top-level program.
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Syntax.Parent?.Parent is LocalDeclarationStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } => AwaitForm.Local,
            _ => AwaitForm.None,
        };
    }
}
