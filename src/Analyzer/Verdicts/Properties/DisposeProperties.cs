using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>How the PULL004 fix disposes a data stream, as the analyzer decided it.</summary>
    internal enum DisposeForm
    {
        /// <summary>No edit disposes it without changing behaviour or breaking the code: no fix.</summary>
        None,
        /// <summary>The stream is a statement of its own (<c>await …;</c>, <c>_ = await …;</c>): disposed at once.</summary>
        DisposeNow,
        /// <summary><c>using var x = await …;</c> (C# 8 and later, in a block or a top-level program).</summary>
        UsingDeclaration,
        /// <summary>A using statement around the declaration and the rest of the block (before C# 8).</summary>
        UsingStatement,
        /// <summary>The archive response's <c>Stream</c>: <c>using var archive = response.Stream;</c> after the declaration.</summary>
        ResponseStreamDeclaration,
        /// <summary>The archive response's <c>Stream</c> in a using statement around the rest of the block (before C# 8).</summary>
        ResponseStreamStatement,
    }

    /// <summary>The dispose verdict (<see cref="DisposeVerdict"/>) in <see cref="Diagnostic.Properties"/>, beside <see cref="StreamProperties"/>'.</summary>
    internal static class DisposeProperties
    {
        private const string FormKey = "PullAnalyzer.DisposeForm";

        public static ImmutableDictionary<string, string?> Encode(ImmutableDictionary<string, string?>.Builder stream, DisposeForm form)
        {
            stream[FormKey] = form.ToString();
            return stream.ToImmutable();
        }

        public static DisposeForm Form(Diagnostic diagnostic) => PropertyValues.Enum(diagnostic, FormKey, DisposeForm.None);
    }
}
