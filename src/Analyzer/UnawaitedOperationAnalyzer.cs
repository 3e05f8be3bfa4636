using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer
{
    /// <summary>
    /// PULL003: a Task of a Docker.DotNet operation that nobody awaits, blocks on, returns or hands on. The code that
    /// follows runs while the engine still works, and the operation's failure is never observed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnawaitedOperationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.OperationNotAwaited);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var catalogue = ApiCatalogue.TryCreate(start.Compilation);
                if (catalogue is null)
                {
                    return;
                }

                start.RegisterOperationAction(operation => Analyze(operation, catalogue), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, ApiCatalogue catalogue)
        {
            var call = (IInvocationOperation)context.Operation;
            if (!ApiCatalogue.IsInDockerNamespace(call.TargetMethod)
                || !catalogue.TryClassify(call.TargetMethod, out var docker)
                || !docker.IsOperation
                || TaskUse.IsDropped(call) is not true)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.OperationNotAwaited, StreamCallSite.DiagnosticLocation(call),
                StreamCallSite.DisplayName(docker.Method)));
        }
    }
}
