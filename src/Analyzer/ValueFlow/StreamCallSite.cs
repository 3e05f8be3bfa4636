using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>Where a Docker call's result appears in the code: the value that carries its stream or its task.</summary>
    internal static class StreamCallSite
    {
        /// <summary>
        /// The operation that carries the stream a call hands back: the <c>await</c> of the call (through
        /// <c>ConfigureAwait</c>); a block on it (<c>.Result</c>, <c>.GetAwaiter().GetResult()</c>), which yields the same
        /// stream; the one read of a local that keeps the task (<c>var t = …; t.Wait(); var s = t.Result;</c>); or the call
        /// itself when it returns the stream directly. Null when nothing takes the stream out of the task where it is
        /// made; then PULL003 looks after the task.
        /// </summary>
        public static IOperation? StreamValue(IOperation call, DockerCall docker, ApiCatalogue catalogue, WalkContext walk)
        {
            if (catalogue.IsStream(docker.Method.ReturnType) || catalogue.IsMultiplexed(docker.Method.ReturnType))
            {
                return call;
            }

            var task = TaskUse.AsUsed(call);
            return ResultOf(task) ?? ResultOfTaskLocal(task, walk);
        }

        /// <summary>The operation that takes the result out of <paramref name="task"/> right where it stands, if any.</summary>
        private static IOperation? ResultOf(IOperation task)
        {
            switch (task.Parent)
            {
                case IAwaitOperation awaited:
                    return awaited;
                case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == task:
                    return result;
                case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter when awaiter.Instance == task
                    && OperationTree.SkipConversions(awaiter).Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult:
                    return getResult;
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>var task = client.Images.BuildImageFromDockerfileAsync(…); task.Wait(); var output = task.Result;</c>: the one
        /// reference of the task's local that takes its result. Any other use of the local that may take it too (passed
        /// on, returned, a second read) leaves the stream unknown.
        /// </summary>
        private static IOperation? ResultOfTaskLocal(IOperation task, WalkContext walk)
        {
            if (task.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                return null;
            }

            IOperation? found = null;
            foreach (var operation in OperationTree.FunctionOf(task).DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                {
                    continue;
                }

                var use = OperationTree.SkipConversions(reference);
                if (ResultOf(use) is { } result)
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = result;
                }
                else if (!(use.Parent is IInvocationOperation { TargetMethod.Name: "Wait" } wait && wait.Instance == use)
                    && !TaskUse.OnlyReadsStatus(use))
                {
                    return null;
                }
            }

            return found;
        }
    }
}
