using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
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
    internal sealed class HandOffSummaries : IHandOffs
    {
        /// <summary>How many helper calls deep a summary follows the stream.</summary>
        private const int MaxDepth = 3;

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IParameterSymbol, bool> _summaries = new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ThreadLocal<Walk> _walk = new ThreadLocal<Walk>(() => new Walk());

        /// <summary>The summaries being worked out on this thread, one inside the other.</summary>
        private sealed class Walk
        {
            public HashSet<IParameterSymbol> InProgress { get; } = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);

            /// <summary>Something unknown (recursion, the depth limit) was met while working out the current summary.</summary>
            public bool MetUnknown { get; set; }
        }

        public HandOffSummaries(Compilation compilation) => _compilation = compilation;

        /// <inheritdoc/>
        public bool? Handles(IArgumentOperation argument, StreamShape? shape, ConsumptionTracker tracker)
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

            var walk = _walk.Value!;
            if (walk.InProgress.Contains(parameter) || walk.InProgress.Count >= MaxDepth)
            {
                // Recursion, or deeper than we follow: unknown, and so is every summary that depends on this one.
                walk.MetUnknown = true;
                return null;
            }

            var outerMetUnknown = walk.MetUnknown;
            walk.MetUnknown = false;
            walk.InProgress.Add(parameter);
            try
            {
                var summary = Summarize(method, parameter, parameterShape, tracker);
                if (summary is not { } result || walk.MetUnknown)
                {
                    return null;
                }

                _summaries.TryAdd(parameter, result);
                return result;
            }
            finally
            {
                walk.InProgress.Remove(parameter);
                // Unknown spreads to the summaries being worked out around this one, and ends with the outermost.
                walk.MetUnknown = walk.InProgress.Count > 0 && (walk.MetUnknown || outerMetUnknown);
            }
        }

        /// <summary>A method of this compilation whose one body is what runs: not abstract, virtual, extern or partial without a body.</summary>
        private static bool IsSeenWhole(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor
            && !method.IsAbstract && !method.IsVirtual && !method.IsOverride && !method.IsExtern
            && method.DeclaringSyntaxReferences.Length == 1
            && method.DeclaringSyntaxReferences[0].GetSyntax() is BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null };

        private bool? Summarize(IMethodSymbol method, IParameterSymbol parameter, StreamShape shape, ConsumptionTracker tracker)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
            // A summary needs the callee's own tree. It is computed once per parameter and compilation, and only for
            // methods a stream is passed to.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
            var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            // A helper that does not compile (a file being edited, a missing reference) says nothing for sure.
            if (model.GetOperation(syntax) is not { } body
                || body is not (IMethodBodyOperation or IConstructorBodyOperation)
                || !OperationTree.Binds(body)
                || Graph(body) is not { } graph)
            {
                return null;
            }

            // Every reference of the parameter is a use to follow, as the value of a call is for the rules.
            var facts = new ConsumptionFacts { Parameter = parameter };
            foreach (var reference in body.DescendantsAndSelf().OfType<IParameterReferenceOperation>())
            {
                if (SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    facts.Merge(tracker.Track(reference, shape));
                }
            }

            if (facts.UsedInLocalFunction || facts.HasUnknownUse)
            {
                return null;
            }

            return facts.IsReadOrHandedOn && PathChecker.HandledOnEveryPath(graph, facts);
        }

        private static ControlFlowGraph? Graph(IOperation body) => body switch
        {
            IMethodBodyOperation method => ControlFlowGraph.Create(method),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
            _ => null,
        };
    }
}
