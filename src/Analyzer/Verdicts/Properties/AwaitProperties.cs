using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>Where the discarded task of a PULL003 stands, and so how its fix observes it.</summary>
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

    /// <summary>
    /// The await verdict (<see cref="AwaitVerdict"/>) in <see cref="Diagnostic.Properties"/>: the form, where the task
    /// stands as the code uses it (the call, or its <c>ConfigureAwait(…)</c>), and whether the fix must block.
    /// </summary>
    internal static class AwaitProperties
    {
        private const string FormKey = "PullAnalyzer.AwaitForm";
        private const string TaskKey = "PullAnalyzer.Task";
        private const string BlocksKey = "PullAnalyzer.Blocks";

        public static ImmutableDictionary<string, string?> Encode(AwaitForm form, SyntaxNode task, bool blocks) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(FormKey, form.ToString())
                .Add(TaskKey, SpanProperty.Encode(task))
                .Add(BlocksKey, PropertyValues.Flag(blocks));

        public static AwaitForm Form(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, FormKey, AwaitForm.None);

        /// <summary>The span of the task as the code uses it: the call, or the call with its <c>ConfigureAwait(…)</c>.</summary>
        public static TextSpan? Task(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, TaskKey);

        /// <summary>The function cannot await: the fix blocks with <c>GetAwaiter().GetResult()</c>.</summary>
        public static bool Blocks(Diagnostic diagnostic) => PropertyValues.Flag(diagnostic, BlocksKey);
    }
}
