using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Consumption
{
    /// <summary>
    /// Classifies one use of a stream value: does it read the stream to its end (docs/design.md §3), dispose it, hand it on,
    /// store it in a local, wrap it in a reader, or only look at it. Knows nothing about paths; <see cref="ConsumptionTracker"/>
    /// and <see cref="PathChecker"/> combine the answers.
    /// </summary>
    internal sealed class UseClassifier
    {
        private readonly ApiCatalogue _catalogue;

        public UseClassifier(ApiCatalogue catalogue) => _catalogue = catalogue;

        /// <summary>What the methods of the compilation do with a stream passed to them; null: every argument is a hand-off.</summary>
        public HandOffSummaries? HandOffs { get; set; }

        /// <summary>The shape a parameter of this type receives a stream in, or null for a type that is not one.</summary>
        public StreamShape? Shape(ITypeSymbol? type) =>
            _catalogue.IsMultiplexed(type) ? StreamShape.Multiplexed
            : _catalogue.IsStream(type) ? StreamShape.Stream
            : _catalogue.IsReader(type) ? StreamShape.Reader
            : null;

        /// <summary>Classifies what the parent of <paramref name="value"/> does with it.</summary>
        public Use Classify(IOperation value, StreamShape shape)
        {
            var current = OperationTree.SkipConversions(value);
            var parent = current.Parent;
            switch (parent)
            {
                case null:
                    return Use.Of(UseKind.Escape, current);

                case IExpressionStatementOperation:
                    return Use.Of(UseKind.Dropped, current);

                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (assignment.Target is IDiscardOperation)
                    {
                        return Use.Of(UseKind.Dropped, current);
                    }

                    // `s = await …` into a local of this function starts tracking that local; anything else stores it away.
                    if (assignment.Target is ILocalReferenceOperation target && value is not ILocalReferenceOperation)
                    {
                        return Use.StoredIn(target.Local, isUsing: false, assignment);
                    }

                    return Use.Of(UseKind.Escape, assignment);

                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return Use.Of(UseKind.Overwrite, assignment);

                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    if (value is ILocalReferenceOperation)
                    {
                        // An alias: we do not follow it, so the stream counts as handed on.
                        return Use.Of(UseKind.Escape, declarator);
                    }

                    return Use.StoredIn(declarator.Symbol, IsUsingDeclarator(declarator), declarator);

                case IUsingOperation usingOperation when usingOperation.Resources == current:
                    return Use.Of(UseKind.UsingResource, usingOperation);

                case IInvocationOperation invocation when invocation.Instance == current:
                    return ClassifyCall(invocation, shape, invocation);

                case IConditionalAccessOperation conditional when conditional.Operation == current:
                    return conditional.WhenNotNull is IInvocationOperation whenNotNull
                        ? ClassifyCall(whenNotNull, shape, conditional)
                        : Use.Of(UseKind.Neutral, conditional);

                case IPropertyReferenceOperation property when property.Instance == current:
                    // The archive response carries the data stream in its Stream property.
                    if (shape == StreamShape.Container && property.Property.Name == "Stream" && _catalogue.IsStream(property.Type))
                    {
                        return Use.WrappedBy(property, StreamShape.Stream);
                    }

                    // `while (!reader.EndOfStream)` ends only at the end of the data, even if the body never runs.
                    if (shape == StreamShape.Reader && property.Property.Name == "EndOfStream" && IsInReadLoop(property.Syntax, LoopEnd.Any))
                    {
                        return Use.Of(UseKind.Drain, property);
                    }

                    return Use.Of(UseKind.Neutral, property);

                case IArgumentOperation argument:
                    if (argument.Parent is IObjectCreationOperation creation && WrapperShape(creation) is StreamShape wrapperShape)
                    {
                        return Use.WrappedBy(creation, wrapperShape);
                    }

                    // Passed to a method whose body we can see: it takes responsibility only if it reads the stream to
                    // its end (or hands it on) on every path. Anything else, or a library method, counts as handed on.
                    return HandOffs?.Handles(argument, Shape(argument.Parameter?.Type)) == false
                        ? Use.Of(UseKind.Neutral, argument)
                        : Use.Of(UseKind.Escape, current);

                case IInvalidOperation:
                    // An argument of a call that does not bind at all: nobody takes the stream there.
                    return Use.Of(UseKind.Neutral, parent);

                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case INameOfOperation:
                    return Use.Of(UseKind.Neutral, parent);

                default:
                    // Returned, yielded, stored in a collection, a tuple, an object initializer, coalesced…:
                    // whatever we cannot follow counts as handed on, so that we never report what we cannot prove.
                    // The site is the value itself: a return or an argument has no operation of its own in the flow graph.
                    return Use.Of(UseKind.Escape, current);
            }
        }

        private Use ClassifyCall(IInvocationOperation call, StreamShape shape, IOperation site)
        {
            var name = call.TargetMethod.Name;
            if (name is "Dispose" or "DisposeAsync" or "Close")
            {
                return Use.Of(UseKind.Dispose, site);
            }

            return Use.Of(ReadsToEnd(call, name, shape) ? UseKind.Drain : UseKind.Neutral, site);
        }

        private static bool ReadsToEnd(IInvocationOperation call, string name, StreamShape shape)
        {
            switch (shape)
            {
                case StreamShape.Stream:
                    return name is "CopyTo" or "CopyToAsync"
                        || (name is "Read" or "ReadAsync" or "ReadByte" && IsInReadLoop(call.Syntax, LoopEnd.Any));

                case StreamShape.Multiplexed:
                    return name is "ReadOutputToEndAsync" or "CopyOutputToAsync"
                        || (name == "ReadOutputAsync" && IsInReadLoop(call.Syntax, LoopEnd.Eof));

                case StreamShape.Reader:
                    return name is "ReadToEnd" or "ReadToEndAsync"
                        || (name is "ReadLine" or "ReadLineAsync" && IsInReadLoop(call.Syntax, LoopEnd.NullOrEndOfStream))
                        || (name is "Read" or "ReadAsync" or "ReadBlock" or "ReadBlockAsync" && IsInReadLoop(call.Syntax, LoopEnd.Any));

                default:
                    return false;
            }
        }

        /// <summary>
        /// The loop a read-to-the-end use works through (a <c>Read</c>, <c>ReadLine</c> or <c>ReadOutputAsync</c> in a loop,
        /// an <c>EndOfStream</c> test), or null for a use that reads to the end by itself (<c>CopyTo</c>, <c>ReadToEnd</c>).
        /// Such a loop has read the stream to its end only when it is left by its end-of-data test, which is what
        /// <see cref="PathChecker"/> follows.
        /// </summary>
        public static SyntaxNode? LoopOfRead(SyntaxNode site)
        {
            var name = site switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } => binding.Name.Identifier.ValueText,
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "EndOfStream" } => "EndOfStream",
                _ => null,
            };
            if (name is not ("Read" or "ReadAsync" or "ReadByte" or "ReadBlock" or "ReadBlockAsync" or "ReadLine" or "ReadLineAsync"
                or "ReadOutputAsync" or "EndOfStream"))
            {
                return null;
            }

            for (var node = site.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax:
                        return node;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether a condition tests for the end of the data: a null line, <c>EndOfStream</c>, the multiplexed result's
        /// <c>EOF</c> or <c>Count</c>, a read count against 0 or 1, or a pattern that fails on null.
        /// </summary>
        public static bool IsEndOfDataTest(SyntaxNode condition) =>
            condition.DescendantTokens().Any(token => token.IsKind(SyntaxKind.NullKeyword) || token.ValueText is "EOF" or "EndOfStream" or "Count")
            || condition.DescendantNodesAndSelf().Any(node => node is BinaryExpressionSyntax comparison
                && (comparison.Left is LiteralExpressionSyntax { Token.Value: 0 or 1 } || comparison.Right is LiteralExpressionSyntax { Token.Value: 0 or 1 }))
            || condition.DescendantNodesAndSelf().Any(node => node is IsPatternExpressionSyntax { Pattern: RecursivePatternSyntax or DeclarationPatternSyntax or TypePatternSyntax });

        private enum LoopEnd
        {
            Any,
            Eof,
            NullOrEndOfStream,
        }

        /// <summary>
        /// A read inside a loop of the same function that can end on the end-of-data signal of its kind
        /// (a null line or <c>EndOfStream</c>; the multiplexed result's <c>EOF</c>, or its <c>Count</c> of 0).
        /// </summary>
        private static bool IsInReadLoop(SyntaxNode read, LoopEnd end)
        {
            for (var node = read.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                    case ForStatementSyntax:
                        return end == LoopEnd.Any || node.DescendantTokens().Any(token => MarksEnd(token, end)) || IsNullTested(read, end)
                            || (end == LoopEnd.Eof && node.DescendantNodes().Any(TestsForNothingRead));
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>while (await reader.ReadLineAsync() is { } line)</c> (or <c>is string line</c>, <c>is not null</c>): the read
        /// is matched by a pattern that fails on null, so the loop ends at the end of the data.
        /// </summary>
        private static bool IsNullTested(SyntaxNode read, LoopEnd end)
        {
            if (end != LoopEnd.NullOrEndOfStream)
            {
                return false;
            }

            SyntaxNode value = read;
            while (value.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax
                || value.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } }
                || value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" })
            {
                value = value.Parent;
            }

            return value.Parent is IsPatternExpressionSyntax isPattern && isPattern.Expression == value
                && isPattern.Pattern is RecursivePatternSyntax or DeclarationPatternSyntax or TypePatternSyntax
                    or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } };
        }

        /// <summary>
        /// <c>result.Count == 0</c> (or <c>&lt;= 0</c>, <c>&lt; 1</c>, <c>&gt; 0</c>, <c>!= 0</c>): a multiplexed read that
        /// returned nothing is the end of the output, as real code often writes it instead of testing <c>EOF</c>.
        /// </summary>
        private static bool TestsForNothingRead(SyntaxNode node)
        {
            if (node is not BinaryExpressionSyntax comparison
                || comparison.Kind() is not (SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression or SyntaxKind.LessThanExpression
                    or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression))
            {
                return false;
            }

            return (IsCount(comparison.Left) && IsZeroOrOne(comparison.Right)) || (IsCount(comparison.Right) && IsZeroOrOne(comparison.Left));
        }

        private static bool IsCount(ExpressionSyntax expression) =>
            expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Count" } or IdentifierNameSyntax { Identifier.ValueText: "Count" };

        private static bool IsZeroOrOne(ExpressionSyntax expression) =>
            expression is LiteralExpressionSyntax { Token.Value: 0 or 1 };

        private static bool MarksEnd(SyntaxToken token, LoopEnd end) =>
            end == LoopEnd.Eof
                ? token.ValueText == "EOF"
                : token.IsKind(SyntaxKind.NullKeyword) || token.ValueText == "EndOfStream";

        /// <summary>Readers and buffers that wrap a stream without reading it by themselves.</summary>
        private StreamShape? WrapperShape(IObjectCreationOperation creation)
        {
            var type = creation.Type;
            if (_catalogue.IsReader(type))
            {
                return StreamShape.Reader;
            }

            return type?.Name is "BufferedStream" or "GZipStream" or "DeflateStream" or "BrotliStream" && _catalogue.IsStream(type)
                ? StreamShape.Stream
                : null;
        }

        private static bool IsUsingDeclarator(IVariableDeclaratorOperation declarator)
        {
            var group = declarator.Parent?.Parent;
            return group is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation };
        }

    }
}
