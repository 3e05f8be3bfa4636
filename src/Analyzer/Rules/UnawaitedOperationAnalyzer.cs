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
    /// PULL003: a Task of a Docker.DotNet operation that nobody awaits, blocks on, returns or hands on. The code that
    /// follows runs while the engine still works, and the operation's failure is never observed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnawaitedOperationAnalyzer : DockerCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.OperationNotAwaited);

        internal override void Analyze(DockerCallSite site, CompilationAnalysis analysis)
        {
            var call = site.Call;
            var docker = site.Docker;
            if (!docker.IsOperation
                || TaskUse.IsDropped(call) is not true)
            {
                return;
            }

            site.Report(Descriptors.OperationNotAwaited, AwaitVerdict.Properties(StreamCallSite.TaskAsUsed(call)));
        }
    }
}
