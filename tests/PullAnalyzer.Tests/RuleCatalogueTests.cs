using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests;

/// <summary>Every rule the package ships is documented, tracked and linked (docs/design.md §2).</summary>
public class RuleCatalogueTests
{
    public static IEnumerable<object[]> Rules() =>
        AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => new object[] { d.Id });

    private static IEnumerable<DiagnosticAnalyzer> AllAnalyzers() =>
        typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static DiagnosticDescriptor Rule(string id) =>
        AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);

    [Fact]
    public void The_fixed_rule_ids_are_all_present()
    {
        var ids = AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id);
        Assert.Equal(new[] { "PULL001", "PULL002", "PULL003", "PULL004", "PULL005" }, ids);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Help_link_points_to_an_existing_rule_page(string id)
    {
        var rule = Rule(id);
        Assert.EndsWith("/docs/rules/" + id + ".md", rule.HelpLinkUri, StringComparison.Ordinal);
        var page = Path.Combine(DockerLibraries.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.Contains(rule.Title.ToString(), text, StringComparison.Ordinal);
        Assert.Contains("dotnet_diagnostic." + id + ".severity", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Help_link_base_is_the_one_set_in_Directory_Build_props(string id)
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(DockerLibraries.RepositoryRoot, "Directory.Build.props"));
        var configured = props.Descendants("PullAnalyzerHelpLinkBase").Single().Value.Trim();
        Assert.StartsWith("https://", configured, StringComparison.Ordinal);
        Assert.Equal(configured + id + ".md", Rule(id).HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_is_tracked_as_an_unshipped_release_with_its_severity(string id)
    {
        var rule = Rule(id);
        var unshipped = File.ReadAllLines(Path.Combine(DockerLibraries.RepositoryRoot, "src", "Analyzer", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(unshipped, line => line.StartsWith(id + " | " + rule.Category + " | " + rule.DefaultSeverity, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_is_a_warning_enabled_by_default_that_editorconfig_can_change(string id)
    {
        var rule = Rule(id);
        Assert.Equal(DiagnosticSeverity.Warning, rule.DefaultSeverity);
        Assert.True(rule.IsEnabledByDefault);
        Assert.DoesNotContain(WellKnownDiagnosticTags.NotConfigurable, rule.CustomTags);
    }
}
