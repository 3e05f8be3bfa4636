using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;
using PullAnalyzer.Operations;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer
{
    /// <summary>
    /// PULL005: the <c>IProgress&lt;JSONMessage&gt;</c> given to a pull, push, build, load, import or plugin install
    /// cannot surface the engine's in-band error. Progress objects of unknown implementation are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ProgressErrorAnalyzer : DockerCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.ProgressIgnoresEngineErrors);

        internal override bool Applies(ApiCatalogue catalogue) => catalogue.JsonMessageProgress is not null;

        internal override void Analyze(DockerCallSite site, CompilationAnalysis analysis)
        {
            var catalogue = analysis.Catalogue;
            // Which argument is the progress is known only for a call that bound.
            if (site.Invocation is not { } call)
            {
                return;
            }

            var docker = site.Docker;
            if (!docker.IsOperation
                || catalogue.ProgressArgument(call) is not { } argument
                || ProgressClassifier.Classify(argument.Value, catalogue) is not { } problem)
            {
                return;
            }

            site.Report(Descriptors.ProgressIgnoresEngineErrors,
                ProgressVerdict.Properties(call, argument.Syntax, keepsProgress: problem.Problem != ProgressProblem.Null, docker.Job, catalogue.Compilation, problem.Report),
                problem.Describe(), docker.Job);
        }
    }
}
