using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>
    /// What every stream rule hands its fix (PULL001, PULL002, PULL004): where the stream's expression is, what shape the
    /// stream has, and whether the function it is in can await (else every edit blocks), so that the fix finds the
    /// stream again and needs no analysis of its own.
    /// </summary>
    internal static class StreamProperties
    {
        private const string ShapeKey = "PullAnalyzer.StreamShape";
        private const string StreamKey = "PullAnalyzer.Stream";
        private const string BlocksKey = "PullAnalyzer.Blocks";

        /// <param name="stream">The expression whose value is the stream (<c>StreamVerdict.Awaited</c>).</param>
        /// <param name="blocks">The function cannot await: an edit that reads or disposes the stream must block.</param>
        public static ImmutableDictionary<string, string?>.Builder Encode(StreamShape shape, SyntaxNode stream, bool blocks)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[ShapeKey] = shape.ToString();
            properties[StreamKey] = SpanProperty.Encode(stream);
            properties[BlocksKey] = PropertyValues.Flag(blocks);
            return properties;
        }

        /// <summary>The shape of the stream the call hands back (a stream, an exec's multiplexed stream, an archive response).</summary>
        public static StreamShape Shape(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, ShapeKey, StreamShape.Stream);

        /// <summary>The span of the expression whose value is the stream, or null when the diagnostic carries none.</summary>
        public static TextSpan? Stream(Diagnostic diagnostic) => SpanProperty.Decode(diagnostic, StreamKey);

        /// <summary>The function cannot await (the stream was taken with <c>.Result</c> in a synchronous method): edits block.</summary>
        public static bool Blocks(Diagnostic diagnostic) => PropertyValues.Flag(diagnostic, BlocksKey);
    }
}
