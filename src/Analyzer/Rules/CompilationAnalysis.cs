using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer.Rules
{
    /// <summary>
    /// Everything the five rules share in one compilation, built once and handed to each: the API catalogue, the Docker
    /// calls of each tree (found and classified once for all rules), the operation trees and flow graphs
    /// (<see cref="FlowGraphCache"/>), the use classifier over the contract table, the tracker with its callee summaries
    /// (so a helper's summary is worked out once, whichever rule asks first), and the progress classifier with its
    /// judgements of Report bodies. Held weakly per compilation: nothing outlives it.
    /// </summary>
    internal sealed class CompilationAnalysis
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private CompilationAnalysis(ApiCatalogue catalogue, Compilation compilation)
        {
            Catalogue = catalogue;
            Graphs = new FlowGraphCache(compilation);
            Calls = new DockerCallSites(catalogue, Graphs);
            Classifier = new UseClassifier(catalogue);
            Tracker = new ConsumptionTracker(Classifier, new CalleeSummaries(Graphs));
            Progress = new ProgressClassifier(catalogue, Graphs);
        }

        public ApiCatalogue Catalogue { get; }

        public FlowGraphCache Graphs { get; }

        public DockerCallSites Calls { get; }

        public UseClassifier Classifier { get; }

        public ConsumptionTracker Tracker { get; }

        public ProgressClassifier Progress { get; }

        /// <summary>The shared analysis of <paramref name="compilation"/>; null when it does not reference Docker.DotNet.</summary>
        public static CompilationAnalysis? For(Compilation compilation, AnalyzerConfigOptionsProvider? options) =>
            Cache.GetValue(compilation, c => new Holder(ApiCatalogue.TryCreate(c, options) is { } catalogue ? new CompilationAnalysis(catalogue, c) : null)).Analysis;

        private sealed class Holder
        {
            public Holder(CompilationAnalysis? analysis) => Analysis = analysis;

            public CompilationAnalysis? Analysis { get; }
        }
    }
}
