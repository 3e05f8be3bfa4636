using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>A local that holds the stream, or a wrapper over it.</summary>
    internal readonly struct TrackedLocal
    {
        public TrackedLocal(ILocalSymbol local, StreamShape shape, bool ownsStream, bool isUsing)
        {
            Local = local;
            Shape = shape;
            OwnsStream = ownsStream;
            IsUsing = isUsing;
        }

        public ILocalSymbol Local { get; }

        public StreamShape Shape { get; }

        /// <summary>Disposing what the local holds disposes the stream (false for a reader made with <c>leaveOpen: true</c>).</summary>
        public bool OwnsStream { get; }

        /// <summary>Declared by a using statement or declaration: disposed where its scope ends.</summary>
        public bool IsUsing { get; }
    }

    /// <summary>Everything the tracker learned about one stream value, before paths are looked at.</summary>
    internal sealed class ConsumptionFacts
    {
        /// <summary>The value itself is thrown away (expression statement, discard).</summary>
        public bool Discarded { get; set; }

        /// <summary>The value is kept in a local (not a using) that is never read.</summary>
        public ILocalSymbol? NeverReadLocal { get; set; }

        /// <summary>A use inside a local function: paths through it are not followed, so nothing is reported.</summary>
        public bool UsedInLocalFunction { get; set; }

        /// <summary>
        /// Some use is in code that does not bind, or goes to a method whose body does not: what happens to the stream
        /// there is unknown, so no path verdict is claimed (docs/design.md §3, silent when unsure).
        /// </summary>
        public bool HasUnknownUse { get; set; }

        /// <summary>
        /// Some use hands the stream on (returns, stores, passes it on, captures it): whoever receives it there may dispose
        /// it or use it later, so no fix may dispose it where it is made.
        /// </summary>
        public bool IsHandedOn { get; set; }

        /// <summary>Some use reads the stream to its end or hands it on.</summary>
        public bool IsSettled => SettledSites.Count > 0;

        /// <summary>Some use disposes the stream (a dispose call, a using statement or declaration).</summary>
        public bool HasDispose { get; set; }

        /// <summary>Where the stream is read to its end or handed on.</summary>
        public HashSet<SyntaxNode> SettledSites { get; } = new HashSet<SyntaxNode>();

        /// <summary>The locals that hold the stream or a wrapper over it, in the order they were found.</summary>
        public List<TrackedLocal> Locals { get; } = new List<TrackedLocal>();

        /// <summary>
        /// The reads in a loop (a <c>ReadAsync</c>, <c>ReadLine</c>, <c>ReadOutputAsync</c>, an <c>EndOfStream</c> test),
        /// with their loop: on a path, they count once the loop is left by a test on what they read
        /// (<c>Verdicts.PathChecker</c>, end of data is data).
        /// </summary>
        public Dictionary<SyntaxNode, SyntaxNode> ReadLoops { get; } = new Dictionary<SyntaxNode, SyntaxNode>();

        /// <summary>Where a local holding the stream is assigned another value.</summary>
        public HashSet<SyntaxNode> OverwriteSites { get; } = new HashSet<SyntaxNode>();

        /// <summary>The parameter the stream arrived in, when a method's use of a parameter is summarized.</summary>
        public IParameterSymbol? Parameter { get; set; }

        /// <summary>
        /// Overwriting a local loses the stream only when that local is all that holds it: with an alias or a wrapper in
        /// another local, the stream lives on there, so no overwrite is claimed.
        /// </summary>
        public bool OverwriteLosesStream => Locals.Count == 1;

        /// <summary>Adds what another tracked value (another reference of the same parameter) showed.</summary>
        public void Merge(ConsumptionFacts other)
        {
            Discarded |= other.Discarded;
            UsedInLocalFunction |= other.UsedInLocalFunction;
            HasUnknownUse |= other.HasUnknownUse;
            HasDispose |= other.HasDispose;
            IsHandedOn |= other.IsHandedOn;
            SettledSites.UnionWith(other.SettledSites);
            foreach (var pair in other.ReadLoops)
            {
                ReadLoops[pair.Key] = pair.Value;
            }

            OverwriteSites.UnionWith(other.OverwriteSites);
            foreach (var local in other.Locals)
            {
                if (!Locals.Exists(known => SymbolEqualityComparer.Default.Equals(known.Local, local.Local)))
                {
                    Locals.Add(local);
                }
            }
        }
    }
}
