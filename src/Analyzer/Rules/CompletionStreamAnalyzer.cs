using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
            if (docker.Role != StreamRole.Completion
                || StreamCallSite.StreamValue(call, docker, analysis.Catalogue) is not { } value)
            {
                return;
            }

            var facts = analysis.Tracker.Track(value, docker.Shape);
            var awaited = StreamVerdict.Awaited(value.Syntax);
            if (facts.Dropped)
            {
                site.Report(Descriptors.CompletionStreamDiscarded,
                    DrainVerdict.Properties(DrainVerdict.OfDiscarded(awaited), docker.Shape, docker.Job, default, awaited, Blocks(value)),
                    Messages.Discarded, Messages.ConsequenceFor(docker));
                return;
            }

            if (facts.NeverReadLocal is { } local)
            {
                site.Report(Descriptors.CompletionStreamDiscarded,
                    DrainVerdict.Properties(DrainVerdict.OfNeverRead(awaited), docker.Shape, docker.Job, default, awaited, Blocks(value)),
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

            var verdict = PathChecker.Check(graph, value, facts, docker.IsExecStart);
            if (Describe(verdict.Violation, facts, docker) is { } reason)
            {
                site.Report(Descriptors.CompletionStreamNotReadToEnd, FixFor(verdict, facts, docker, value, awaited), reason, Messages.ConsequenceFor(docker));
            }
        }

        /// <summary>Where the fix drains a stream that some path leaves unread: at the exits the path checker found.</summary>
        private static ImmutableDictionary<string, string?> FixFor(PathVerdict verdict, ConsumptionFacts facts, DockerCall docker, IOperation value, SyntaxNode awaited)
        {
            var form = DrainVerdict.OfDiscarded(awaited);
            var points = default(ImmutableArray<DrainPoint>);
            if (form == DrainForm.None)
            {
                // `(await …).Dispose();` above is rewritten like a discarded stream; `using (await …) { … }` has no local
                // to drain, so the fix names the resource and drains it first; otherwise the drain goes at the exits.
                if (awaited.Parent is UsingStatementSyntax usingStatement && usingStatement.Expression == awaited)
                {
                    form = DrainForm.UsingResource;
                }
                else if (DrainPlacement.Place(verdict, facts) is { } placed)
                {
                    form = DrainForm.AtPoints;
                    points = placed;
                }
            }

            return DrainVerdict.Properties(form, docker.Shape, docker.Job, points, awaited, Blocks(value));
        }

        /// <summary>
        /// The stream was taken by blocking (<c>.Result</c>, <c>.GetAwaiter().GetResult()</c>) in a function that cannot
        /// await: the drain must block too.
        /// </summary>
        private static bool Blocks(IOperation value) => value is not IAwaitOperation && !OperationTree.CanAwait(value);

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
