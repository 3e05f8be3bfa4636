using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>Where, relative to its target node, a drain goes.</summary>
    internal enum DrainPointKind
    {
        /// <summary>Before the target statement (a block is made around it where it stands alone).</summary>
        Before,
        /// <summary>After the target statement.</summary>
        After,
        /// <summary>First thing in the target: a block, a switch section, or an embedded statement (then before it).</summary>
        FirstIn,
        /// <summary>In a new <c>else</c> of the target <c>if</c>, which has none.</summary>
        Else,
        /// <summary>In a new <c>default:</c> section of the target <c>switch</c>, which has none.</summary>
        Default,
    }

    /// <summary>One place where the PULL001/PULL002 fix inserts a drain, and what it drains there.</summary>
    internal readonly struct DrainPoint : IEquatable<DrainPoint>
    {
        public DrainPoint(DrainPointKind kind, TextSpan target, string local, StreamShape shape)
        {
            Kind = kind;
            Target = target;
            Local = local;
            Shape = shape;
        }

        public DrainPointKind Kind { get; }

        /// <summary>The span of the node the kind is relative to (a statement, an <c>if</c>, a <c>switch</c>, a section).</summary>
        public TextSpan Target { get; }

        /// <summary>The local that holds the stream (or the reader over it) in scope at that place.</summary>
        public string Local { get; }

        public StreamShape Shape { get; }

        public bool Equals(DrainPoint other) => Kind == other.Kind && Target == other.Target && Local == other.Local && Shape == other.Shape;

        public override bool Equals(object? obj) => obj is DrainPoint other && Equals(other);

        public override int GetHashCode() => (((int)Kind * 31 + Target.GetHashCode()) * 31 + Local.GetHashCode()) * 31 + (int)Shape;

        /// <summary>One property value for a list of points: <c>Kind,start,length,local,shape</c>, separated by <c>;</c>.</summary>
        public static string Encode(IEnumerable<DrainPoint> points) =>
            string.Join(";", points.Select(p => string.Join(",",
                p.Kind.ToString(), p.Target.Start.ToString(CultureInfo.InvariantCulture), p.Target.Length.ToString(CultureInfo.InvariantCulture), p.Local, p.Shape.ToString())));

        /// <summary>The points of <see cref="Encode"/>; empty for a value that is missing or not of that form.</summary>
        public static ImmutableArray<DrainPoint> Decode(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return ImmutableArray<DrainPoint>.Empty;
            }

            var points = ImmutableArray.CreateBuilder<DrainPoint>();
            foreach (var entry in value!.Split(';'))
            {
                var parts = entry.Split(',');
                if (parts.Length != 5
                    || !Enum.TryParse<DrainPointKind>(parts[0], out var kind)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                    || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || !Enum.TryParse<StreamShape>(parts[4], out var shape))
                {
                    return ImmutableArray<DrainPoint>.Empty;
                }

                points.Add(new DrainPoint(kind, new TextSpan(start, length), parts[3], shape));
            }

            return points.ToImmutable();
        }
    }
}
