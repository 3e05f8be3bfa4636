using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Consumption;

namespace PullAnalyzer
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

        internal override void Analyze(DockerCallSite site, ApiCatalogue catalogue, ConsumptionTracker tracker)
        {
            var call = site.Call;
            var docker = site.Docker;
            if (docker.Role != StreamRole.Completion
                || StreamCallSite.StreamValue(call, catalogue) is not { } value)
            {
                return;
            }

            var facts = tracker.Track(value, docker.Shape);
            var name = StreamCallSite.DisplayName(docker.Method);
            var location = StreamCallSite.DiagnosticLocation(call);
            if (facts.Dropped)
            {
                site.Report(Diagnostic.Create(Descriptors.CompletionStreamDiscarded, location, name, "is discarded", Consequences.Of(docker)));
                return;
            }

            if (facts.NeverReadLocal is { } local)
            {
                site.Report(Diagnostic.Create(Descriptors.CompletionStreamDiscarded, location, name,
                    "is kept in '" + local.Name + "' but never read", Consequences.Of(docker)));
                return;
            }

            if (facts.UsedInLocalFunction)
            {
                return;
            }

            if (site.MemberGraph() is not { } graph)
            {
                return;
            }

            var violation = PathChecker.Check(graph, value, facts, docker.IsExecStart);
            if (Describe(violation, facts, docker) is { } reason)
            {
                site.Report(Diagnostic.Create(Descriptors.CompletionStreamNotReadToEnd, location, name, reason, Consequences.Of(docker)));
            }
        }

        private static string? Describe(PathViolation violation, ConsumptionFacts facts, DockerCall docker) => violation switch
        {
            PathViolation.LeavesScope when facts.HasDispose => "can be disposed before it is read to its end",
            PathViolation.LeavesScope => "can go out of scope before it is read to its end",
            PathViolation.Overwritten => "is overwritten before it is read to its end",
            PathViolation.Replaced => "is replaced by the next call before it is read to its end",
            PathViolation.InspectedEarly => "is not read to its end before the exec is inspected",
            _ => null,
        };
    }
}
