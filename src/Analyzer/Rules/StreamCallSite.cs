using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Consumption;

namespace PullAnalyzer
{
    /// <summary>Where a Docker call's result appears in the code: the value that carries its stream or its task.</summary>
    internal static class StreamCallSite
    {
        /// <summary>
        /// The operation that carries the stream a call hands back: the <c>await</c> of the call (through
        /// <c>ConfigureAwait</c>), or the call itself when it returns the stream directly. Null when the task is not
        /// awaited where it is made; then PULL003 looks after it.
        /// </summary>
        public static IOperation? StreamValue(IInvocationOperation call, ApiCatalogue catalogue)
        {
            if (catalogue.IsStream(call.Type) || catalogue.IsMultiplexed(call.Type))
            {
                return call;
            }

            return TaskAsUsed(call).Parent as IAwaitOperation;
        }

        /// <summary>The task of a call as the code goes on to use it: the call itself, or its <c>ConfigureAwait(…)</c>.</summary>
        public static IOperation TaskAsUsed(IInvocationOperation call)
        {
            var current = OperationTree.SkipConversions(call);
            if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
            {
                current = OperationTree.SkipConversions(configure);
            }

            return current;
        }
    }
}
