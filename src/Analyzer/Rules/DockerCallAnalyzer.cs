using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Consumption;
using PullAnalyzer.Discovery;

namespace PullAnalyzer
{
    /// <summary>
    /// What every PullAnalyzer rule shares: concurrent, never on generated code, nothing registered without
    /// Docker.DotNet, and one callback per Docker call found by <see cref="DockerCallSites"/>. A rule only judges a call.
    /// </summary>
    public abstract class DockerCallAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (ApiCatalogue.TryCreate(start.Compilation, start.Options.AnalyzerConfigOptionsProvider) is not { } catalogue
                    || !Applies(catalogue))
                {
                    return;
                }

                var classifier = new UseClassifier(catalogue);
                var tracker = new ConsumptionTracker(classifier);
                classifier.HandOffs = new HandOffSummaries(start.Compilation, tracker);
                DockerCallSites.Register(start, catalogue, site => Analyze(site, catalogue, tracker));
            });
        }

        /// <summary>Whether the rule has anything to look for in this compilation.</summary>
        internal virtual bool Applies(ApiCatalogue catalogue) => true;

        internal abstract void Analyze(DockerCallSite site, ApiCatalogue catalogue, ConsumptionTracker tracker);
    }
}
