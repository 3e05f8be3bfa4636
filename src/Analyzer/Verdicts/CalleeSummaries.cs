using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;

namespace PullAnalyzer.Verdicts
{
    /// <summary>
    /// What a method of the compilation does with a stream passed to it, summarized once per parameter: it takes
    /// responsibility when it reads the stream to its end or hands it on on every normal path. A helper that reads one
    /// line, or reads until a timeout and returns, does not, and the Docker call that made the stream is reported. A method
    /// we cannot see whole (a library, an abstract or virtual one), recursion, or calls deeper than a few levels: handed on.
    /// </summary>
    internal sealed class CalleeSummaries : ICalleeSummaries
    {
        /// <summary>How many helper calls deep a summary follows the stream.</summary>
        private const int MaxDepth = 3;

        private readonly FlowGraphCache _graphs;
        private readonly ConcurrentDictionary<IParameterSymbol, bool> _summaries = new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);

        public CalleeSummaries(FlowGraphCache graphs) => _graphs = graphs;

        /// <inheritdoc/>
        public bool? Settles(IArgumentOperation argument, StreamShape? shape, ConsumptionTracker tracker, WalkContext walk)
        {
            if (shape is not { } parameterShape
                || argument.Parameter is not { ContainingSymbol: IMethodSymbol method } parameter
                || !IsSeenWhole(method))
            {
                return null;
            }

            if (_summaries.TryGetValue(parameter, out var known))
            {
                return known;
            }

            if (walk.Summarizing.Contains(parameter) || walk.Summarizing.Count >= MaxDepth)
            {
                // Recursion, or deeper than we follow: unknown, and so is every summary that depends on this one.
                walk.MetUnknown = true;
                return null;
            }

            var outerMetUnknown = walk.MetUnknown;
            walk.MetUnknown = false;
            walk.Summarizing.Add(parameter);
            try
            {
                var summary = Summarize(method, parameter, parameterShape, tracker, walk);
                if (summary is not { } result || walk.MetUnknown)
                {
                    return null;
                }

                _summaries.TryAdd(parameter, result);
                return result;
            }
            finally
            {
                walk.Summarizing.Remove(parameter);
                // Unknown spreads to the summaries being worked out around this one, and ends with the outermost.
                walk.MetUnknown = walk.Summarizing.Count > 0 && (walk.MetUnknown || outerMetUnknown);
            }
        }

        /// <summary>A method of this compilation whose one body is what runs: not abstract, virtual, extern or partial without a body.</summary>
        private static bool IsSeenWhole(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor
            && !method.IsAbstract && !method.IsVirtual && !method.IsOverride && !method.IsExtern
            && method.DeclaringSyntaxReferences.Length == 1
            && method.DeclaringSyntaxReferences[0].GetSyntax() is BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null };

        private bool? Summarize(IMethodSymbol method, IParameterSymbol parameter, StreamShape shape, ConsumptionTracker tracker, WalkContext walk)
        {
            // A summary needs the callee's own tree, usually in another file: the shared cache's, so that its graph is
            // made once per compilation, whichever call or rule asks first.
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(walk.CancellationToken);
            // A helper that does not compile (a file being edited, a missing reference) says nothing for sure.
            if (_graphs.OperationOf(syntax, walk.CancellationToken) is not { } body
                || body is not (IMethodBodyOperation or IConstructorBodyOperation)
                || !OperationTree.Binds(body)
                || _graphs.GraphOf(body, walk.CancellationToken) is not { } graph)
            {
                return null;
            }

            // Every reference of the parameter is a use to follow, as the value of a call is for the rules.
            var facts = new ConsumptionFacts { Parameter = parameter };
            foreach (var reference in body.DescendantsAndSelf().OfType<IParameterReferenceOperation>())
            {
                if (SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    facts.Merge(tracker.Track(reference, shape, walk));
                }
            }

            if (facts.UsedInLocalFunction || facts.HasUnknownUse)
            {
                return null;
            }

            return facts.IsSettled && PathChecker.SettledOnEveryPath(graph, facts, walk.CancellationToken);
        }
    }
}
