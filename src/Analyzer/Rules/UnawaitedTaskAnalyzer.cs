using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Discovery;
using PullAnalyzer.ValueFlow;
using PullAnalyzer.Verdicts;

namespace PullAnalyzer.Rules
{
    /// <summary>
    /// PULL003: a Task of a Docker.DotNet operation that nobody awaits, blocks on, returns or hands on. The code that
    /// follows runs while the engine still works, and the operation's failure is never observed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnawaitedTaskAnalyzer : DockerCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.TaskNotAwaited);

        internal override void Analyze(DockerCallSite site, CompilationAnalysis analysis)
        {
            var call = site.Call;
            var docker = site.Docker;
            if (!docker.ReturnsTask
                || !TaskUse.IsDiscarded(call, new WalkContext(site.CancellationToken)))
            {
                return;
            }

            site.Report(Descriptors.TaskNotAwaited, AwaitVerdict.For(call));
        }
    }
}
