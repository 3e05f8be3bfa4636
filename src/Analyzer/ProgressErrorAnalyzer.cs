using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer
{
    /// <summary>
    /// PULL005: the <c>IProgress&lt;JSONMessage&gt;</c> given to a pull, push, build, load, import or plugin install
    /// cannot surface the engine's in-band error. Progress objects of unknown implementation are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ProgressErrorAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.ProgressIgnoresEngineErrors);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var catalogue = ApiCatalogue.TryCreate(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                if (catalogue?.JsonMessageProgress is null)
                {
                    return;
                }

                DockerCallSites.Register(start, catalogue, site => Analyze(site, catalogue));
            });
        }

        private static void Analyze(DockerCallSite site, ApiCatalogue catalogue)
        {
            var call = site.Call;
            var docker = site.Docker;
            if (!docker.IsOperation
                || catalogue.ProgressArgument(call) is not { } argument
                || ProgressKinds.Classify(argument.Value, catalogue) is not { } problem)
            {
                return;
            }

            site.Report(Diagnostic.Create(Descriptors.ProgressIgnoresEngineErrors, StreamCallSite.DiagnosticLocation(call),
                StreamCallSite.DisplayName(docker.Method), problem.Describe(), docker.Activity));
        }
    }
}
