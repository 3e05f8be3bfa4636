using System;

namespace PullAnalyzer.Catalogue
{
    /// <summary>
    /// The jobs a Docker.DotNet method name can stand for, in one table: the part of the name that marks it, the name the
    /// messages use, and whether a stream it returns belongs to a job that ends only when the stream is read to its end
    /// (a completion stream) or is the payload (a data stream). The return type decides whether a method hands back a
    /// stream at all; the name only says which job.
    /// </summary>
    internal static class JobTable
    {
        private readonly struct Job
        {
            public Job(string marker, string name, bool completes)
            {
                Marker = marker;
                Name = name;
                Completes = completes;
            }

            public string Marker { get; }

            public string Name { get; }

            public bool Completes { get; }
        }

        /// <summary>In order: the first marker a name contains decides (a "BuildImage…" is a build before it is an image).</summary>
        private static readonly Job[] Jobs =
        {
            new Job("Build", "build", completes: true),
            new Job("Exec", "exec", completes: true),
            new Job("Push", "push", completes: true),
            new Job("Load", "load", completes: true),
            new Job("Import", "import", completes: true),
            new Job("Plugin", "plugin install", completes: true),
            new Job("CreateImage", "pull", completes: true),
            new Job("Pull", "pull", completes: true),
            new Job("Logs", "logs", completes: false),
            new Job("Attach", "attach", completes: false),
            new Job("Export", "export", completes: false),
            new Job("Save", "save", completes: false),
            new Job("Stats", "stats", completes: false),
            new Job("Events", "events", completes: false),
            new Job("Archive", "archive", completes: false),
        };

        /// <summary>The name a job goes by when the method's name names none of the table's (a user's wrapper).</summary>
        public const string Unnamed = "job";

        /// <summary>The job's short name, used in messages and generated names ("the build is not finished …", <c>buildOutput</c>).</summary>
        public static string Name(string methodName) => Find(methodName) is { } job ? job.Name : Unnamed;

        /// <summary>Whether a stream returned by <paramref name="methodName"/> belongs to a job that must be read to its end.</summary>
        public static bool Completes(string methodName) => Find(methodName) is { Completes: true };

        private static Job? Find(string methodName)
        {
            foreach (var job in Jobs)
            {
                if (methodName.IndexOf(job.Marker, StringComparison.Ordinal) >= 0)
                {
                    return job;
                }
            }

            return null;
        }
    }
}
