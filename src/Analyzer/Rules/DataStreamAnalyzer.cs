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
    /// PULL004: the stream of a data API (logs, attach, export, save, stats, events, archive) is the payload; reading
    /// part of it is fine, but it must be disposed, read to its end or handed on, or the engine connection leaks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DataStreamAnalyzer : DockerCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.DataStreamNotDisposed);

        internal override void Analyze(DockerCallSite site, CompilationAnalysis analysis)
        {
            var call = site.Call;
            var docker = site.Docker;
            var walk = new WalkContext(site.CancellationToken);
            if (docker.Role is not (StreamRole.Data or StreamRole.DataContainer)
                || StreamCallSite.StreamValue(call, docker, analysis.Catalogue, walk) is not { } value)
            {
                return;
            }

            var facts = analysis.Tracker.Track(value, docker.Shape, walk);
            // Discarded or never used is proven whatever the rest of the code does; anything else needs the call and every
            // use to bind.
            string? reason =
                facts.Discarded ? Messages.Discarded
                : facts.HasDispose || facts.UsedInLocalFunction ? null
                : facts.NeverReadLocal is { } local && !facts.IsSettled ? Messages.KeptButNeverUsed(local.Name)
                : facts.HasUnknownUse || !site.Binds ? null
                : facts.IsSettled ? LeftOpenOnSomePath(site, value, facts)
                : Messages.NeverDisposed;
            if (reason is not null)
            {
                // The local the stream is declared into is the first one the tracker found.
                var declared = facts.Locals.Count > 0 ? facts.Locals[0].Local : null;
                site.Report(Descriptors.DataStreamNotDisposed, DisposeVerdict.For(docker.Shape, value, facts, declared), reason);
            }
        }

        /// <summary>
        /// A stream that is never disposed but read to its end (or handed on) somewhere: like PULL002, every normal path
        /// must get there. A follow-logs loop that stops when cancellation is requested, before any read, leaves the
        /// connection open on that path.
        /// </summary>
        private static string? LeftOpenOnSomePath(DockerCallSite site, IOperation value, ConsumptionFacts facts) =>
            site.MemberGraph() is { } graph
            && PathChecker.Check(graph, value, facts, isExec: false, site.CancellationToken, withExits: false).Violation is PathViolation.LeavesScope or PathViolation.Overwritten or PathViolation.Replaced
                ? Messages.LeftOpenOnSomePath
                : null;
    }
}
