using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Consumption
{
    /// <summary>Everything the tracker learned about one stream value, before paths are looked at.</summary>
    internal sealed class ConsumptionFacts
    {
        /// <summary>The value itself is thrown away (expression statement, discard).</summary>
        public bool Dropped { get; set; }

        /// <summary>The value is kept in a local (not a using) that is never read.</summary>
        public ILocalSymbol? NeverReadLocal { get; set; }

        /// <summary>A use inside a local function: paths through it are not followed, so nothing is reported.</summary>
        public bool UsedInLocalFunction { get; set; }

        /// <summary>Some use reads the stream to its end or hands it on.</summary>
        public bool IsReadOrHandedOn => ReadOrHandedOnSites.Count > 0;

        /// <summary>Some use disposes the stream (a dispose call, a using statement or declaration).</summary>
        public bool HasDispose { get; set; }

        /// <summary>Where the stream is read to its end or handed on.</summary>
        public HashSet<SyntaxNode> ReadOrHandedOnSites { get; } = new HashSet<SyntaxNode>();

        /// <summary>The locals that hold the stream or a reader over it, with their shape, in the order they were found.</summary>
        public List<(ILocalSymbol Local, StreamShape Shape)> Locals { get; } = new List<(ILocalSymbol, StreamShape)>();

        /// <summary>
        /// The read-to-the-end uses that work through a loop, with their loop: on a path, they count once the loop is
        /// left by its end-of-data test (<see cref="UseClassifier.LoopOfRead"/>).
        /// </summary>
        public Dictionary<SyntaxNode, SyntaxNode> ReadLoops { get; } = new Dictionary<SyntaxNode, SyntaxNode>();

        /// <summary>Where a local holding the stream is assigned another value.</summary>
        public HashSet<SyntaxNode> OverwriteSites { get; } = new HashSet<SyntaxNode>();

        /// <summary>The parameter the stream arrived in, when a method's use of a parameter is summarized.</summary>
        public IParameterSymbol? Parameter { get; set; }

        /// <summary>Adds what another tracked value (another reference of the same parameter) showed.</summary>
        public void Merge(ConsumptionFacts other)
        {
            Dropped |= other.Dropped;
            UsedInLocalFunction |= other.UsedInLocalFunction;
            HasDispose |= other.HasDispose;
            ReadOrHandedOnSites.UnionWith(other.ReadOrHandedOnSites);
            foreach (var pair in other.ReadLoops)
            {
                ReadLoops[pair.Key] = pair.Value;
            }

            OverwriteSites.UnionWith(other.OverwriteSites);
            foreach (var local in other.Locals)
            {
                if (!Locals.Contains(local))
                {
                    Locals.Add(local);
                }
            }
        }
    }
}
