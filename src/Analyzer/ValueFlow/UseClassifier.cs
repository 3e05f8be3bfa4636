using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// Classifies one use of a stream value against the contract table (<see cref="StreamContracts"/>; docs/design.md §3):
    /// does it read the stream to its end, dispose it, hand it on, store it in locals, let it flow into another value, or
    /// only look at it. Code that does not bind is <see cref="UseKind.Unknown"/>. Knows nothing about paths;
    /// <see cref="ConsumptionTracker"/> and <c>Verdicts.PathChecker</c> combine the answers.
    /// </summary>
    internal sealed class UseClassifier
    {
        private readonly ApiCatalogue _catalogue;

        public UseClassifier(ApiCatalogue catalogue) => _catalogue = catalogue;

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
                    return Use.Of(UseKind.HandedOn, current);

                case IInvalidOperation:
                    // An argument or receiver of code that does not bind: whatever it will do with the stream is unknown.
                    return Use.Of(UseKind.Unknown, parent);

                case IExpressionStatementOperation:
                    return Use.Of(UseKind.Discarded, current);

                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target switch
                    {
                        IDiscardOperation => Use.Of(UseKind.Discarded, current),
                        // `s = await …` or `alias = s` into a local of this function: that local holds the stream too. A local
                        // of an enclosing function (captured by this lambda) is used elsewhere: handed on.
                        ILocalReferenceOperation target when OperationTree.DeclaresLocal(OperationTree.FunctionOf(current), target.Local) =>
                            Use.StoredIn(target.Local, isUsing: false, assignment),
                        _ => Use.Of(UseKind.HandedOn, assignment),
                    };

                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return Use.Of(UseKind.Overwrite, assignment);

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return Use.StoredIn(declarator.Symbol, IsUsingDeclarator(declarator), declarator);

                case IUsingOperation usingOperation when usingOperation.Resources == current:
                    return Use.Of(UseKind.UsingResource, usingOperation);

                case IInvocationOperation invocation when invocation.Instance == current:
                    return OperationTree.Binds(invocation) ? ByContract(invocation.TargetMethod.Name, shape, invocation, invocation) : Use.Of(UseKind.Unknown, invocation);

                case IConditionalAccessOperation conditional when conditional.Operation == current:
                    return !OperationTree.Binds(conditional.WhenNotNull) ? Use.Of(UseKind.Unknown, conditional)
                        : conditional.WhenNotNull is IInvocationOperation whenNotNull ? ByContract(whenNotNull.TargetMethod.Name, shape, conditional, whenNotNull)
                        : Use.Of(UseKind.Neutral, conditional);

                case IPropertyReferenceOperation property when property.Instance == current:
                    // The archive response carries the data stream in its Stream property: the same stream, followed on.
                    if (shape == StreamShape.Container && property.Property.Name == "Stream" && _catalogue.IsStream(property.Type))
                    {
                        return Use.FlowsInto(property, StreamShape.Stream, ownsStream: true);
                    }

                    return ByContract(property.Property.Name, shape, property, property);

                case IArgumentOperation argument:
                    return ClassifyArgument(argument, current);

                case ICoalesceOperation coalesce:
                    // `s ?? other`, `other ?? s`: the result may be the stream; it is followed in its place.
                    return Use.FlowsInto(coalesce, shape, ownsStream: true);

                case IConditionalOperation conditional when conditional.Condition != current:
                    return Use.FlowsInto(conditional, shape, ownsStream: true);

                case IIsPatternOperation isPattern when isPattern.Value == current:
                    return DeclaredBy(isPattern.Pattern) is { } patternLocal
                        ? Use.StoredIn(ImmutableArray.Create(patternLocal), isPattern)
                        : Use.Of(UseKind.Neutral, isPattern);

                case ISwitchOperation switchStatement when switchStatement.Value == current:
                    return StoredInPatterns(SwitchPatterns(switchStatement), switchStatement);

                case ISwitchExpressionOperation switchExpression when switchExpression.Value == current:
                    return StoredInPatterns(switchExpression.Arms.Select(arm => arm.Pattern), switchExpression);

                case ITupleOperation tuple when DeconstructedInto(tuple, current) is { } element:
                    return Use.StoredIn(element, isUsing: false, tuple);

                case IBinaryOperation:
                case IIsTypeOperation:
                case INameOfOperation:
                    return Use.Of(UseKind.Neutral, parent);

                default:
                    // Returned, yielded, stored in a field, a collection, a tuple, an object initializer…: whatever we
                    // cannot follow counts as handed on, so that we never report what we cannot prove.
                    // The site is the value itself: a return or an argument has no operation of its own in the flow graph.
                    return Use.Of(UseKind.HandedOn, current);
            }
        }

        /// <summary>A member called on (or read from) the value, by the contract table.</summary>
        private static Use ByContract(string member, StreamShape shape, IOperation site, IOperation read)
        {
            switch (StreamContracts.Of(member, shape))
            {
                case MemberContract.Disposes:
                    return Use.Of(UseKind.Dispose, site);
                case MemberContract.ReadsToEnd:
                    return Use.Of(UseKind.Drain, site);
                case MemberContract.ReadsPart:
                    // Read in a loop, it reads to the end if the loop is left by a test on what it read (PathChecker).
                    return LoopOf(read) is { } loop ? Use.ReadInLoop(read, loop) : Use.Of(UseKind.Neutral, site);
                default:
                    return Use.Of(UseKind.Neutral, site);
            }
        }

        private Use ClassifyArgument(IArgumentOperation argument, IOperation current)
        {
            var consumer = argument.Parent;
            if (consumer is null || !OperationTree.Binds(consumer))
            {
                // The call binds but another of its arguments does not (a name being typed, a type from a missing
                // reference): what it does with the stream is not known yet.
                return Use.Of(UseKind.Unknown, argument);
            }

            if (consumer is IObjectCreationOperation creation)
            {
                if (StreamContracts.WrapperShape(creation, _catalogue) is { } wrapperShape)
                {
                    return Use.FlowsInto(creation, wrapperShape, StreamContracts.TakesOwnership(creation));
                }

                if (StreamContracts.ReadsToEndWhenMade(creation))
                {
                    return Use.Of(UseKind.Drain, current);
                }
            }

            // An archive factory's reader owns the stream: followed like a wrapper.
            if (consumer is IInvocationOperation opened && StreamContracts.OpensArchive(opened))
            {
                return Use.FlowsInto(opened, StreamShape.Archive, ownsStream: true);
            }

            // A copy into the stream writes it (its output is still owed a read); a copy from it reads it to its end.
            if (consumer is IInvocationOperation call && StreamContracts.OfArgument(call, argument, _catalogue) is { } contract)
            {
                return contract == MemberContract.ReadsToEnd ? Use.Of(UseKind.Drain, current) : Use.Of(UseKind.Neutral, argument);
            }

            // A method or constructor whose body we can see takes the stream only if its summary says so (the tracker
            // asks CalleeSummaries); the site is the value, as for a return.
            return Use.Of(UseKind.PassedToCallee, current);
        }

        /// <summary>The loop around a read, in the same function; null outside a loop.</summary>
        private static SyntaxNode? LoopOf(IOperation read)
        {
            for (var current = read.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILoopOperation loop:
                        return loop.Syntax;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The local a pattern declares for the whole value (<c>is Stream s</c>, <c>is { } s</c>, <c>is not Stream s</c>).</summary>
        private static ILocalSymbol? DeclaredBy(IPatternOperation pattern) => pattern switch
        {
            IDeclarationPatternOperation declaration => declaration.DeclaredSymbol as ILocalSymbol,
            IRecursivePatternOperation recursive => recursive.DeclaredSymbol as ILocalSymbol,
            INegatedPatternOperation negated => DeclaredBy(negated.Pattern),
            _ => null,
        };

        private static System.Collections.Generic.IEnumerable<IPatternOperation> SwitchPatterns(ISwitchOperation switchStatement) =>
            switchStatement.Cases.SelectMany(section => section.Clauses).OfType<IPatternCaseClauseOperation>().Select(clause => clause.Pattern);

        private static Use StoredInPatterns(System.Collections.Generic.IEnumerable<IPatternOperation> patterns, IOperation site)
        {
            var locals = ImmutableArray.CreateBuilder<ILocalSymbol>();
            foreach (var pattern in patterns)
            {
                if (DeclaredBy(pattern) is { } local)
                {
                    locals.Add(local);
                }
            }

            return locals.Count > 0 ? Use.StoredIn(locals.ToImmutable(), site) : Use.Of(UseKind.Neutral, site);
        }

        /// <summary><c>var (a, b) = (s, x);</c>: the local the element at the stream's position is deconstructed into.</summary>
        private static ILocalSymbol? DeconstructedInto(ITupleOperation tuple, IOperation element)
        {
            // The tuple reaches the deconstruction through an (identity) tuple conversion.
            var value = OperationTree.SkipConversions(tuple);
            if (value.Parent is not IDeconstructionAssignmentOperation deconstruction || deconstruction.Value != value)
            {
                return null;
            }

            var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            var index = tuple.Elements.IndexOf(element);
            return target is ITupleOperation targets && index >= 0 && index < targets.Elements.Length
                && targets.Elements[index] is ILocalReferenceOperation local
                ? local.Local
                : null;
        }

        private static bool IsUsingDeclarator(IVariableDeclaratorOperation declarator)
        {
            var group = declarator.Parent?.Parent;
            return group is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation };
        }
    }
}
