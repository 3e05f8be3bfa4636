using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Operations;

namespace PullAnalyzer.Verdicts
{
    /// <summary>Where the dropped task of a PULL003 stands, and so how its fix observes it.</summary>
    internal enum AwaitForm
    {
        /// <summary>No place to observe it without changing the code's shape: no fix.</summary>
        None,
        /// <summary><c>client.X();</c> (or with <c>.ConfigureAwait(false)</c>): the statement awaits it.</summary>
        Statement,
        /// <summary><c>_ = client.X();</c>: the discard goes, the statement awaits it.</summary>
        Discard,
        /// <summary><c>var task = client.X();</c> and never observed: it is awaited right after the declaration.</summary>
        Local,
    }

    /// <summary>The PULL003 verdict the fix needs, in <see cref="Diagnostic.Properties"/>: the form, and whether to block.</summary>
    internal static class AwaitVerdict
    {
        private const string FormKey = "PullAnalyzer.AwaitForm";
        private const string BlocksKey = "PullAnalyzer.AwaitBlocks";

        /// <param name="task">The task as the code uses it: the call, or its <c>ConfigureAwait(…)</c>.</param>
        public static ImmutableDictionary<string, string?> Properties(IOperation task)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FormKey] = FormOf(task).ToString();
            if (!OperationTree.CanAwait(task))
            {
                properties[BlocksKey] = "true";
            }

            return properties.ToImmutable();
        }

        public static AwaitForm Form(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(FormKey, out var value) && Enum.TryParse<AwaitForm>(value, out var form) ? form : AwaitForm.None;

        /// <summary>The function cannot await: the fix blocks with <c>GetAwaiter().GetResult()</c>.</summary>
        public static bool Blocks(Diagnostic diagnostic) => diagnostic.Properties.TryGetValue(BlocksKey, out var value) && value == "true";

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
