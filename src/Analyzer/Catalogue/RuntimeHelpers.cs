using System.Linq;
using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Catalogue
{
    /// <summary>
    /// Which of PullAnalyzer.Runtime's helpers the compilation references, decided once with the catalogue: the fixes
    /// call them where they exist instead of writing code of their own, and learn it from the verdict, never by looking.
    /// </summary>
    internal sealed class RuntimeHelpers
    {
        public const string FailOnErrorProgress = "PullAnalyzer.Runtime.FailOnErrorProgress";
        public const string ProgressStreamDrain = "PullAnalyzer.Runtime.ProgressStreamDrain";

        public RuntimeHelpers(Compilation compilation)
        {
            HasFailOnErrorProgress = compilation.GetTypeByMetadataName(FailOnErrorProgress) is not null;
            if (compilation.GetTypeByMetadataName(ProgressStreamDrain) is { } drain)
            {
                HasDrainAsync = true;
                HasBlockingDrain = drain.GetMembers("Drain").Any();
            }
        }

        /// <summary>The runtime's progress that throws the engine's in-band error from the awaited call.</summary>
        public bool HasFailOnErrorProgress { get; }

        /// <summary><c>ProgressStreamDrain.DrainAsync</c>: reads a progress stream to its end and fails on an in-band error.</summary>
        public bool HasDrainAsync { get; }

        /// <summary><c>ProgressStreamDrain.Drain</c>, the blocking form, for a function that cannot await.</summary>
        public bool HasBlockingDrain { get; }
    }
}
