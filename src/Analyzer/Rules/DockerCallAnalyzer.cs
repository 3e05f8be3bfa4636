using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;

namespace PullAnalyzer.Rules
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
                // One analysis per compilation, shared by the five rules (CompilationAnalysis).
                if (CompilationAnalysis.For(start.Compilation, start.Options.AnalyzerConfigOptionsProvider) is not { } analysis
                    || !Applies(analysis.Catalogue))
                {
                    return;
                }

                analysis.Calls.Register(start, site => Analyze(site, analysis));
            });
        }

        /// <summary>Whether the rule has anything to look for in this compilation.</summary>
        internal virtual bool Applies(ApiCatalogue catalogue) => true;

        internal abstract void Analyze(DockerCallSite site, CompilationAnalysis analysis);
    }
}
