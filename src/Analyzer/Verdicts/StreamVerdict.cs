using System.Collections.Immutable;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// What every stream rule hands its fix (PULL001, PULL002, PULL004): where the stream's expression is and what shape
    /// the stream has, so that the fix finds it again and needs no analysis of its own.
    /// </summary>
    internal static class StreamVerdict
    {
        private const string ShapeKey = "PullAnalyzer.StreamShape";
        private const string StreamKey = "PullAnalyzer.Stream";

        /// <param name="stream">The expression whose value is the stream (<see cref="Awaited"/>).</param>
        public static ImmutableDictionary<string, string?>.Builder Properties(StreamShape shape, SyntaxNode stream)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[ShapeKey] = shape.ToString();
            properties[StreamKey] = SpanProperty.Encode(stream);
            return properties;
        }

        /// <summary>The shape of the stream the call hands back (a stream, an exec's multiplexed stream, an archive response).</summary>
        public static StreamShape Shape(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(ShapeKey, out var value) && Enum.TryParse<StreamShape>(value, out var shape) ? shape : StreamShape.Stream;

        /// <summary>The span of the expression whose value is the stream, or null when the diagnostic carries none.</summary>
        public static TextSpan? Stream(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, StreamKey);

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
    }
}
