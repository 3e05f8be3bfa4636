using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
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

    /// <summary>The PULL004 verdict the fix needs, in <see cref="Diagnostic.Properties"/>, beside <see cref="StreamVerdict"/>'s.</summary>
    internal static class DisposeVerdict
    {
        private const string FormKey = "PullAnalyzer.DisposeForm";

        /// <param name="stream">The expression whose value is the stream (<see cref="StreamVerdict.Awaited"/>).</param>
        /// <param name="local">The local the stream is declared into, when it is; its type decides whether <c>using</c> compiles.</param>
        public static ImmutableDictionary<string, string?> Properties(StreamShape shape, SyntaxNode stream, ConsumptionFacts facts, ILocalSymbol? local) =>
            StreamVerdict.Properties(shape, stream).ToImmutable().Add(FormKey, FormOf(shape, stream, facts, local).ToString());

        public static DisposeForm Form(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(FormKey, out var value) && Enum.TryParse<DisposeForm>(value, out var form) ? form : DisposeForm.None;

        private static DisposeForm FormOf(StreamShape shape, SyntaxNode stream, ConsumptionFacts facts, ILocalSymbol? local)
        {
            // A stream that some path returns, stores or passes on must not be disposed where it is made: the receiver
            // would get a disposed stream.
            if (facts.IsHandedOn)
            {
                return DisposeForm.None;
            }

            var modern = stream.SyntaxTree.Options is not CSharpParseOptions options || options.LanguageVersion >= LanguageVersion.CSharp8;
            switch (stream.Parent)
            {
                case ExpressionStatementSyntax statement when statement.Expression == stream:
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax }:
                    return DisposeForm.DisposeNow;

                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }
                    when declaration.UsingKeyword.IsKind(SyntaxKind.None):
                    if (shape == StreamShape.Container)
                    {
                        // The response is not disposable; its Stream is.
                        return declaration.Parent is not BlockSyntax ? DisposeForm.None
                            : modern ? DisposeForm.ResponseStreamDeclaration : DisposeForm.ResponseStreamStatement;
                    }

                    // `using` compiles only on a disposable local (`object o = await …` holds the stream but is not one).
                    if (local?.Type is not { } type
                        || (type.SpecialType != SpecialType.System_IDisposable && !type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable)))
                    {
                        return DisposeForm.None;
                    }

                    return modern && declaration.Parent is BlockSyntax or GlobalStatementSyntax ? DisposeForm.UsingDeclaration
                        : declaration.Parent is BlockSyntax ? DisposeForm.UsingStatement
                        : DisposeForm.None;

                default:
                    return DisposeForm.None;
            }
        }
    }
}
