using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Consumption
{
    /// <summary>
    /// Follows one stream value through the function that made it: into locals, through wrapping readers, and into
    /// every reference of those locals, classifying each use with <see cref="UseClassifier"/>.
    /// </summary>
    internal sealed class ConsumptionTracker
    {
        private readonly UseClassifier _classifier;

        public ConsumptionTracker(UseClassifier classifier) => _classifier = classifier;

        public ConsumptionFacts Track(IOperation value, StreamShape shape)
        {
            var facts = new ConsumptionFacts();
            var function = OperationTree.FunctionOf(value);
            var pending = new Stack<(IOperation Value, StreamShape Shape, bool IsRoot)>();
            var trackedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            pending.Push((value, shape, true));

            while (pending.Count > 0)
            {
                var (current, currentShape, isRoot) = pending.Pop();
                var use = _classifier.Classify(current, currentShape);
                switch (use.Kind)
                {
                    case UseKind.Dropped:
                        // A wrapper thrown away (`new StreamReader(s);`) leaves the stream as it was.
                        facts.Dropped |= isRoot;
                        break;
                    case UseKind.Drain:
                    case UseKind.Escape:
                        Record(use, facts);
                        break;
                    case UseKind.Dispose:
                    case UseKind.UsingResource:
                        facts.HasDispose = true;
                        break;
                    case UseKind.Wrapped:
                        pending.Push((use.Wrapper!, use.WrapperShape, false));
                        break;
                    case UseKind.StoredInLocal:
                        if (!trackedLocals.Add(use.Local!))
                        {
                            break;
                        }

                        facts.HasDispose |= use.IsUsingLocal;
                        facts.Locals.Add((use.Local!, currentShape));
                        TrackLocal(use.Local!, use.IsUsingLocal, use.Site, currentShape, isRoot, function, facts, pending);
                        break;
                }
            }

            return facts;
        }

        private void TrackLocal(ILocalSymbol local, bool isUsing, IOperation store, StreamShape shape, bool isRoot,
            IOperation function, ConsumptionFacts facts, Stack<(IOperation, StreamShape, bool)> pending)
        {
            var readCount = 0;
            foreach (var operation in function.DescendantsAndSelf())
            {
                if (operation is not ILocalReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    || IsTargetOf(store, reference))
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
                    facts.ReadOrHandedOnSites.Add(nested.Syntax);
                    continue;
                }

                var use = _classifier.Classify(reference, shape);
                switch (use.Kind)
                {
                    case UseKind.Drain:
                    case UseKind.Escape:
                        Record(use, facts);
                        break;
                    case UseKind.Dispose:
                    case UseKind.UsingResource:
                        facts.HasDispose = true;
                        break;
                    case UseKind.Overwrite:
                        facts.OverwriteSites.Add(use.Site.Syntax);
                        break;
                    case UseKind.Wrapped:
                        pending.Push((use.Wrapper!, use.WrapperShape, false));
                        break;
                }
            }

            if (readCount == 0 && isRoot && !isUsing)
            {
                facts.NeverReadLocal = local;
            }
        }

        /// <summary>A use that reads the stream to its end or hands it on; a read in a loop counts with its loop.</summary>
        private static void Record(Use use, ConsumptionFacts facts)
        {
            var site = use.Site.Syntax;
            facts.ReadOrHandedOnSites.Add(site);
            if (use.Kind == UseKind.Drain && UseClassifier.LoopOfRead(site) is { } loop)
            {
                facts.ReadLoops[site] = loop;
            }
        }

        /// <summary>The `s` in the `s = await …` that started tracking is where the value arrives, not a read of it.</summary>
        private static bool IsTargetOf(IOperation store, ILocalReferenceOperation reference) =>
            store is ISimpleAssignmentOperation assignment && assignment.Target == reference;

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
    }
}
