using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Consumption;
using PullAnalyzer.Discovery;
using PullAnalyzer.Verdicts;

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
            var awaited = DrainVerdict.Awaited(value.Syntax);
            if (facts.Dropped)
            {
                site.Report(Descriptors.CompletionStreamDiscarded,
                    DrainVerdict.Properties(DrainVerdict.OfDiscarded(awaited), docker.Shape, docker.Activity, default),
                    Messages.Discarded, Messages.ConsequenceFor(docker));
                return;
            }

            if (facts.NeverReadLocal is { } local)
            {
                site.Report(Descriptors.CompletionStreamDiscarded,
                    DrainVerdict.Properties(DrainVerdict.OfNeverRead(awaited), docker.Shape, docker.Activity, default),
                    Messages.KeptButNeverRead(local.Name), Messages.ConsequenceFor(docker));
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

            var verdict = PathChecker.Check(graph, value, facts, docker.IsExecStart);
            if (Describe(verdict.Violation, facts, docker) is { } reason)
            {
                site.Report(Descriptors.CompletionStreamNotReadToEnd, FixFor(verdict, facts, docker, awaited), reason, Messages.ConsequenceFor(docker));
            }
        }

        /// <summary>Where the fix drains a stream that some path leaves unread: at the exits the path checker found.</summary>
        private static ImmutableDictionary<string, string?> FixFor(PathVerdict verdict, ConsumptionFacts facts, DockerCall docker, SyntaxNode awaited)
        {
            if (DrainVerdict.OfDiscarded(awaited) is var rewrite and not DrainForm.None)
            {
                // `(await …).Dispose();`: rewritten like a discarded stream.
                return DrainVerdict.Properties(rewrite, docker.Shape, docker.Activity, default);
            }

            if (awaited.Parent is UsingStatementSyntax usingStatement && usingStatement.Expression == awaited)
            {
                // `using (await …) { … }` has no local to drain: the fix names the resource and drains it first.
                return DrainVerdict.Properties(DrainForm.UsingResource, docker.Shape, docker.Activity, default);
            }

            return DrainPlacement.Place(verdict, facts) is { } points
                ? DrainVerdict.Properties(DrainForm.AtPoints, docker.Shape, docker.Activity, points)
                : DrainVerdict.Properties(DrainForm.None, docker.Shape, docker.Activity, default);
        }

        private static string? Describe(PathViolation violation, ConsumptionFacts facts, DockerCall docker) => violation switch
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
