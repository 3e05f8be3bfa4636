using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>What every stream verdict says about the stream itself: where it is written, and whether edits around it must block.</summary>
    internal static class StreamVerdict
    {
        /// <summary>The properties every stream rule's fix reads (<see cref="StreamProperties"/>) for the stream <paramref name="value"/>.</summary>
        public static ImmutableDictionary<string, string?>.Builder Properties(StreamShape shape, IOperation value) =>
            StreamProperties.Encode(shape, Awaited(value.Syntax), Blocks(value));

        /// <summary>
        /// The expression whose value is the stream, as written: the <c>await</c> of the call, the block on it
        /// (<c>.Result</c>, <c>.GetAwaiter().GetResult()</c>), or the call itself for a stream returned directly; widened
        /// over parentheses.
        /// </summary>
        public static SyntaxNode Awaited(SyntaxNode value)
        {
            var current = value;
            while (current.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                current = parenthesized;
            }

            return current;
        }

        /// <summary>
        /// The one answer to "can this code await?" for every fix: a stream taken by blocking (<c>.Result</c>,
        /// <c>.GetAwaiter().GetResult()</c>) in a function that cannot await must be read and disposed by blocking too.
        /// </summary>
        public static bool Blocks(IOperation value) => !OperationTree.CanAwait(value);
    }
}
