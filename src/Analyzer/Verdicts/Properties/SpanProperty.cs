using System.Globalization;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>A place in the analyzed document as a property value (<c>start,length</c>), so a fix can find the node again.</summary>
    internal static class SpanProperty
    {
        public static string Encode(SyntaxNode node) =>
            node.SpanStart.ToString(CultureInfo.InvariantCulture) + "," + node.Span.Length.ToString(CultureInfo.InvariantCulture);

        /// <summary>The span a property holds, or null when the diagnostic has no such property or it is not of that form.</summary>
        public static TextSpan? Decode(Diagnostic diagnostic, string key)
        {
            if (!diagnostic.Properties.TryGetValue(key, out var value) || value is null)
            {
                return null;
            }

            var parts = value.Split(',');
            return parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? new TextSpan(start, length)
                : null;
        }
    }
}
