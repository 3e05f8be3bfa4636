using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// Follows one stream value through the function that made it: into every local that comes to hold it (declarations,
    /// assignments, patterns, deconstruction), through the values it flows into (wrapping readers, <c>??</c>, conditional
    /// expressions), and into every reference of those locals, classifying each use with <see cref="UseClassifier"/>. All
    /// of them share one verdict: a read or dispose through any alias counts for the stream.
    /// </summary>
    internal sealed class ConsumptionTracker
    {
        private readonly UseClassifier _classifier;
        private readonly ICalleeSummaries _callees;

        public ConsumptionTracker(UseClassifier classifier, ICalleeSummaries callees)
        {
            _classifier = classifier;
            _callees = callees;
        }

        /// <summary>A value on the work list: what carries the stream, its shape, and whether disposing it disposes the stream.</summary>
        private readonly struct Carrier
        {
            public Carrier(IOperation value, StreamShape shape, bool isRoot, bool ownsStream)
            {
                Value = value;
                Shape = shape;
                IsRoot = isRoot;
                OwnsStream = ownsStream;
            }

            public IOperation Value { get; }

            public StreamShape Shape { get; }

            /// <summary>The value the Docker call (or the summarized parameter) produced, not one it flowed into.</summary>
            public bool IsRoot { get; }

            public bool OwnsStream { get; }
        }

        public ConsumptionFacts Track(IOperation value, StreamShape shape, WalkContext walk)
        {
            var facts = new ConsumptionFacts();
            var function = OperationTree.FunctionOf(value);
            var pending = new Stack<Carrier>();
            var trackedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            pending.Push(new Carrier(value, shape, isRoot: true, ownsStream: true));

            while (pending.Count > 0)
            {
                walk.ThrowIfCancelled();
                var carrier = pending.Pop();
                var use = _classifier.Classify(carrier.Value, carrier.Shape);
                if (use.Kind == UseKind.Discarded)
                {
                    // A wrapper thrown away (`new StreamReader(s);`) leaves the stream as it was.
                    facts.Discarded |= carrier.IsRoot;
                    continue;
                }

                if (use.Kind != UseKind.StoredInLocal)
                {
                    Apply(use, carrier, facts, pending, walk);
                    continue;
                }

                foreach (var local in use.Locals)
                {
                    if (!trackedLocals.Add(local))
                    {
                        continue;
                    }

                    facts.HasDispose |= use.IsUsingLocal && carrier.OwnsStream;
                    facts.Locals.Add(new TrackedLocal(local, carrier.Shape, carrier.OwnsStream, use.IsUsingLocal));
                    TrackLocal(local, use, carrier, function, facts, pending, walk);
                }
            }

            if (!facts.OverwriteLosesStream)
            {
                facts.OverwriteSites.Clear();
            }

            return facts;
        }

        private void TrackLocal(ILocalSymbol local, Use store, Carrier carrier, IOperation function, ConsumptionFacts facts, Stack<Carrier> pending, WalkContext walk)
        {
            var readCount = 0;
            foreach (var reference in LocalReferences.Of(function, local, walk))
            {
                if (reference.IsDeclaration || IsTargetOf(store.Site, reference))
                {
                    continue;
                }

                readCount++;
                var nested = OutermostNestedFunction(reference, function);
                if (nested is ILocalFunctionOperation)
                {
                    facts.UsedInLocalFunction = true;
                    continue;
                }

                if (nested is not null)
                {
                    // Captured by a lambda: what the lambda does with it happens elsewhere, so it counts as handed on
                    // at the point where the lambda is created.
                    facts.SettledSites.Add(nested.Syntax);
                    facts.IsHandedOn = true;
                    continue;
                }

                var use = _classifier.Classify(reference, carrier.Shape);
                switch (use.Kind)
                {
                    case UseKind.Overwrite:
                        facts.OverwriteSites.Add(use.Site.Syntax);
                        break;
                    case UseKind.StoredInLocal:
                        // An alias (`var b = a;`, `a is Stream b`): followed like the first local.
                        pending.Push(new Carrier(reference, carrier.Shape, isRoot: false, carrier.OwnsStream));
                        break;
                    case UseKind.Discarded:
                        break;
                    default:
                        Apply(use, new Carrier(reference, carrier.Shape, isRoot: false, carrier.OwnsStream), facts, pending, walk);
                        break;
                }
            }

            if (store.Site.SemanticModel is { } model && TypedNames.MayName(function, local, store.Site.Syntax.SpanStart, model.Compilation, walk))
            {
                // A name being typed as an argument after the local may be this local's (`Helper(outp`): what happens to
                // the stream there is not known yet.
                facts.HasUnknownUse = true;
            }
            else if (readCount == 0 && carrier.IsRoot && !store.IsUsingLocal)
            {
                facts.NeverReadLocal = local;
            }
        }

        /// <summary>Records what one use (other than a store into locals) does to the stream.</summary>
        private void Apply(Use use, Carrier carrier, ConsumptionFacts facts, Stack<Carrier> pending, WalkContext walk)
        {
            switch (use.Kind)
            {
                case UseKind.Drain:
                case UseKind.HandedOn:
                    Record(use, facts);
                    break;
                case UseKind.PassedToCallee:
                    // A method of the compilation takes the stream only if its summary says it reads it to its end or
                    // hands it on on every path; a library method, or one we cannot know, counts as handed on.
                    var argument = (IArgumentOperation)OperationTree.SkipConversions(use.Site).Parent!;
                    var settles = _callees.Settles(argument, _classifier.Shape(argument.Parameter?.Type), this, walk);
                    if (settles != false)
                    {
                        Record(Use.Of(UseKind.HandedOn, use.Site), facts);
                    }

                    break;
                case UseKind.Dispose:
                case UseKind.UsingResource:
                    // Disposing a reader made with `leaveOpen: true` leaves the stream open.
                    facts.HasDispose |= carrier.OwnsStream;
                    break;
                case UseKind.Flows:
                    pending.Push(new Carrier(use.Next!, use.NextShape, isRoot: false, carrier.OwnsStream && use.NextOwnsStream));
                    break;
                case UseKind.Unknown:
                    facts.HasUnknownUse = true;
                    break;
            }
        }

        /// <summary>A use that reads the stream to its end or hands it on; a read in a loop counts with its loop.</summary>
        private static void Record(Use use, ConsumptionFacts facts)
        {
            var site = use.Site.Syntax;
            facts.SettledSites.Add(site);
            facts.IsHandedOn |= use.Kind == UseKind.HandedOn;
            if (use.Loop is { } loop)
            {
                facts.ReadLoops[site] = loop;
            }
        }

        /// <summary>
        /// The `s` in the `s = await …` (or `(s, x) = (stream, y)`) that started tracking is where the value arrives, not
        /// a read of it.
        /// </summary>
        private static bool IsTargetOf(IOperation store, ILocalReferenceOperation reference) => store switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == reference,
            ITupleOperation tuple when OperationTree.SkipConversions(tuple).Parent is IDeconstructionAssignmentOperation deconstruction =>
                deconstruction.Target.DescendantsAndSelf().Contains(reference),
            _ => false,
        };

        private static IOperation? OutermostNestedFunction(IOperation reference, IOperation function)
        {
            IOperation? outermost = null;
            for (var current = reference.Parent; current is not null && current != function; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    outermost = current;
                }
            }

            return outermost;
        }

        /// <summary>
        /// The references of every local in a function, collected in one walk and kept while the function's operation
        /// tree lives: a member with many Docker calls asks for many locals, and each answer must not cost a walk of the
        /// whole member.
        /// </summary>
        private sealed class LocalReferences
        {
            private static readonly ConditionalWeakTable<IOperation, LocalReferences> Cache = new ConditionalWeakTable<IOperation, LocalReferences>();
            private static readonly List<ILocalReferenceOperation> None = new List<ILocalReferenceOperation>();

            private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _byLocal =
                new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);

            private LocalReferences(IOperation function, WalkContext walk)
            {
                foreach (var operation in function.DescendantsAndSelf())
                {
                    walk.ThrowIfCancelled();
                    if (operation is ILocalReferenceOperation reference)
                    {
                        if (!_byLocal.TryGetValue(reference.Local, out var list))
                        {
                            _byLocal[reference.Local] = list = new List<ILocalReferenceOperation>();
                        }

                        list.Add(reference);
                    }
                }
            }

            public static List<ILocalReferenceOperation> Of(IOperation function, ILocalSymbol local, WalkContext walk) =>
                Cache.GetValue(function, f => new LocalReferences(f, walk))._byLocal.TryGetValue(local, out var list) ? list : None;
        }
    }
}
