using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Discovery;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer.Rules
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
            if (!docker.ReturnsTask
                || catalogue.ProgressArgument(call) is not { } argument
                || analysis.Progress.Classify(argument.Value, new WalkContext(site.CancellationToken)) is not { } finding)
            {
                return;
            }

            site.Report(Descriptors.ProgressIgnoresEngineErrors, ProgressVerdict.For(call, argument.Syntax, finding, docker, catalogue),
                Describe(finding), docker.Job);
        }

        private static string Describe(ProgressFinding finding) => finding.Problem switch
        {
            ProgressProblem.Null => Messages.NullProgress,
            ProgressProblem.Posted => Messages.PostedProgress,
            _ when finding.Forwards => Messages.ProgressHandlerIgnoringErrors(finding.TypeName!),
            _ => Messages.ProgressIgnoringErrors(finding.TypeName!),
        };
    }
}
