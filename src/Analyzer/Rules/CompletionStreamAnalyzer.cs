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
    /// PULL001 and PULL002: the stream of a completion API (build, pull, push, load, import, plugin, exec start) must be
    /// read to its end on every normal path, because only then has the engine finished the job.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CompletionStreamAnalyzer : DockerCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CompletionStreamDiscarded, Descriptors.CompletionStreamNotReadToEnd);

        internal override void Analyze(DockerCallSite site, CompilationAnalysis analysis)
        {
            var call = site.Call;
            var docker = site.Docker;
            var walk = new WalkContext(site.CancellationToken);
            if (docker.Role != StreamRole.Completion
                || StreamCallSite.StreamValue(call, docker, analysis.Catalogue, walk) is not { } value)
            {
                return;
            }

            var facts = analysis.Tracker.Track(value, docker.Shape, walk);
            if (facts.Discarded)
            {
                site.Report(Descriptors.CompletionStreamDiscarded, DrainVerdict.OfDiscarded(docker, value, analysis.Catalogue),
                    Messages.Discarded, Messages.ConsequenceFor(docker));
                return;
            }

            if (facts.NeverReadLocal is { } local)
            {
                site.Report(Descriptors.CompletionStreamDiscarded, DrainVerdict.OfNeverRead(docker, value, analysis.Catalogue),
                    Messages.KeptButNeverRead(local.Name), Messages.ConsequenceFor(docker));
                return;
            }

            // Past this point the verdict depends on what every use does: claimed only when the call and every use bind.
            if (facts.UsedInLocalFunction || facts.HasUnknownUse || !site.Binds)
            {
                return;
            }

            if (site.MemberGraph() is not { } graph)
            {
                return;
            }

            var path = PathChecker.Check(graph, value, facts, docker.IsExecStart, site.CancellationToken);
            if (Describe(path.Violation, facts) is { } reason)
            {
                site.Report(Descriptors.CompletionStreamNotReadToEnd, DrainVerdict.OfUnreadPath(docker, value, path, facts, analysis.Catalogue),
                    reason, Messages.ConsequenceFor(docker));
            }
        }

        private static string? Describe(PathViolation violation, ConsumptionFacts facts) => violation switch
        {
            PathViolation.LeavesScope when facts.HasDispose => Messages.DisposedFirst,
            PathViolation.LeavesScope => Messages.LeavesScope,
            PathViolation.Overwritten => Messages.Overwritten,
            PathViolation.Replaced => Messages.Replaced,
            PathViolation.InspectedEarly => Messages.InspectedEarly,
            _ => null,
        };
    }
}
