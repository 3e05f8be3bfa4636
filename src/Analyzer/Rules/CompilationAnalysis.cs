using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer
{
    /// <summary>
    /// Everything the five rules share in one compilation, built once and handed to each: the API catalogue, the use
    /// classifier over the contract table, and the tracker with its hand-off summaries (so a helper's summary is worked
    /// out once, whichever rule asks first). Held weakly per compilation: nothing outlives it.
    /// </summary>
    internal sealed class CompilationAnalysis
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private CompilationAnalysis(ApiCatalogue catalogue, Compilation compilation)
        {
            Catalogue = catalogue;
            Classifier = new UseClassifier(catalogue);
            Tracker = new ConsumptionTracker(Classifier, new HandOffSummaries(compilation));
        }

        public ApiCatalogue Catalogue { get; }

        public UseClassifier Classifier { get; }

        public ConsumptionTracker Tracker { get; }

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
