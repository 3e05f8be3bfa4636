using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// The values in a flow graph that a read of the tracked stream produced: the read itself, and every local and flow
    /// capture assigned from it, directly or through other such values (<c>n = await s.ReadAsync(…)</c>,
    /// <c>var r = await m.ReadOutputAsync(…)</c>, <c>line = reader.ReadLine()</c>, <c>… is { } line</c>). A loop test that
    /// depends on one of them tests what the stream had left; <c>i &lt; 1</c> does not, whatever its constant. What each
    /// value derives from is worked out once per graph (<see cref="ReadDependencies"/>) and shared by every stream of the
    /// member; a stream only asks whether a value derives from one of its own reads.
    /// </summary>
    internal sealed class ReadResults
    {
        private readonly HashSet<SyntaxNode> _reads;
        private readonly ReadDependencies? _dependencies;

        public ReadResults(ControlFlowGraph graph, ConsumptionFacts facts, CancellationToken cancellationToken)
        {
            _reads = new HashSet<SyntaxNode>(facts.ReadLoops.Keys);
            _dependencies = _reads.Count == 0 ? null : ReadDependencies.Of(graph, cancellationToken);
        }

        /// <summary>Whether <paramref name="operation"/> reads the stream or uses a value such a read produced.</summary>
        public bool DependsOnRead(IOperation operation) => _dependencies is not null && _dependencies.DependsOn(operation, _reads);
    }

    /// <summary>
    /// For one flow graph, the reads each local and flow capture derives from: the partial reads of any stream
    /// (<c>ReadLineAsync</c>, <c>ReadAsync</c>, <c>ReadOutputAsync</c>, <c>EndOfStream</c>, … by the contract table) whose
    /// results flow into it, directly or through other locals and captures. Flow-insensitive and to a fixed point, made once
    /// per graph however many streams the member holds.
    /// </summary>
    internal sealed class ReadDependencies
    {
        private static readonly ConditionalWeakTable<ControlFlowGraph, ReadDependencies> Cache = new ConditionalWeakTable<ControlFlowGraph, ReadDependencies>();

        private readonly Dictionary<ILocalSymbol, HashSet<SyntaxNode>> _locals = new Dictionary<ILocalSymbol, HashSet<SyntaxNode>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<CaptureId, HashSet<SyntaxNode>> _captures = new Dictionary<CaptureId, HashSet<SyntaxNode>>();

        private ReadDependencies(ControlFlowGraph graph, CancellationToken cancellationToken)
        {
            // Each pass can only add, and there are finitely many reads, locals and captures.
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var block in graph.Blocks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var root in block.Operations)
                    {
                        changed |= Propagate(root);
                    }

                    if (block.BranchValue is { } branchValue)
                    {
                        changed |= Propagate(branchValue);
                    }
                }
            }
        }

        /// <summary>The dependencies of <paramref name="graph"/>, made once per graph (a cancelled making stores nothing).</summary>
        public static ReadDependencies Of(ControlFlowGraph graph, CancellationToken cancellationToken) =>
            Cache.GetValue(graph, g => new ReadDependencies(g, cancellationToken));

        /// <summary>Whether <paramref name="operation"/> is one of <paramref name="reads"/> or uses a value one of them produced.</summary>
        public bool DependsOn(IOperation operation, HashSet<SyntaxNode> reads)
        {
            foreach (var part in operation.DescendantsAndSelf())
            {
                var derived = DerivedFrom(part);
                if ((derived is not null && derived.Overlaps(reads)) || (IsRead(part) && reads.Contains(part.Syntax)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The reads a reference to a local or flow capture derives from, as known so far; null for anything else.</summary>
        private HashSet<SyntaxNode>? DerivedFrom(IOperation part) => part switch
        {
            ILocalReferenceOperation local => _locals.TryGetValue(local.Local, out var sources) ? sources : null,
            IFlowCaptureReferenceOperation capture => _captures.TryGetValue(capture.Id, out var sources) ? sources : null,
            _ => null,
        };

        /// <summary>A call or property that may read part of a stream: the reads the graph's values are traced to.</summary>
        private static bool IsRead(IOperation operation) => operation switch
        {
            IInvocationOperation invocation => StreamContracts.MayReadPart(invocation.TargetMethod.Name),
            IPropertyReferenceOperation property => StreamContracts.MayReadPart(property.Property.Name),
            _ => false,
        };

        private bool Propagate(IOperation root)
        {
            var changed = false;
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IFlowCaptureOperation capture:
                        changed |= Add(_captures, capture.Id, capture.Value);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        changed |= Add(_locals, target.Local, assignment.Value);
                        break;
                    case IIsPatternOperation isPattern:
                        foreach (var pattern in isPattern.Pattern.DescendantsAndSelf())
                        {
                            var declared = pattern switch
                            {
                                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                                IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                                _ => null,
                            };
                            if (declared is ILocalSymbol local)
                            {
                                changed |= Add(_locals, local, isPattern.Value);
                            }
                        }

                        break;
                }
            }

            return changed;
        }

        /// <summary>Adds to what <paramref name="key"/> derives from every read <paramref name="value"/> derives from.</summary>
        private bool Add<TKey>(Dictionary<TKey, HashSet<SyntaxNode>> derivations, TKey key, IOperation value)
            where TKey : notnull
        {
            var before = derivations.TryGetValue(key, out var known) ? known.Count : 0;
            HashSet<SyntaxNode>? sources = null;
            foreach (var part in value.DescendantsAndSelf())
            {
                var from = DerivedFrom(part);
                if (from is not null && !ReferenceEquals(from, sources))
                {
                    (sources ??= Sources(derivations, key)).UnionWith(from);
                }
                else if (IsRead(part))
                {
                    (sources ??= Sources(derivations, key)).Add(part.Syntax);
                }
            }

            if (sources is null)
            {
                return false;
            }

            derivations[key] = sources;
            return sources.Count != before;
        }

        private static HashSet<SyntaxNode> Sources<TKey>(Dictionary<TKey, HashSet<SyntaxNode>> derivations, TKey key)
            where TKey : notnull =>
            derivations.TryGetValue(key, out var known) ? known : new HashSet<SyntaxNode>();
    }
}
