using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.Verdicts
{
    /// <summary>How the PULL004 fix disposes a data stream, decided here and carried in <see cref="DisposeProperties"/>.</summary>
    internal static class DisposeVerdict
    {
        /// <param name="value">The stream value the Docker call produced.</param>
        /// <param name="local">The local the stream is declared into, when it is; its type decides whether <c>using</c> compiles.</param>
        public static ImmutableDictionary<string, string?> For(StreamShape shape, IOperation value, ConsumptionFacts facts, ILocalSymbol? local) =>
            DisposeProperties.Encode(StreamVerdict.Properties(shape, value), FormOf(shape, StreamVerdict.Awaited(value.Syntax), facts, local));

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
