using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Verdicts.Properties
{
    /// <summary>How every codec writes and reads one value of <see cref="Diagnostic.Properties"/>: flags, enums, the job's name.</summary>
    internal static class PropertyValues
    {
        private const string True = "true";

        public static string Flag(bool value) => value ? True : "false";

        public static bool Flag(Diagnostic diagnostic, string key) => diagnostic.Properties.TryGetValue(key, out var value) && value == True;

        /// <summary>The enum value a property holds, or <paramref name="missing"/> where it holds none (or one this version does not know).</summary>
        public static TEnum Enum<TEnum>(Diagnostic diagnostic, string key, TEnum missing)
            where TEnum : struct =>
            diagnostic.Properties.TryGetValue(key, out var value) && System.Enum.TryParse<TEnum>(value, out var parsed) ? parsed : missing;

        /// <summary>The job's name ("build", "pull", …); a diagnostic without one names the job as the catalogue names an unknown one.</summary>
        public static string Job(Diagnostic diagnostic, string key) =>
            diagnostic.Properties.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value! : JobTable.Unnamed;
    }
}
