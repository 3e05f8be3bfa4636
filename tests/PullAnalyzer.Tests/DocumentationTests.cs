using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests;

/// <summary>
/// The documentation says what the code does: each rule page's heading and table, and the README's rule table, are
/// checked against the descriptors and the code-fix providers the package ships.
/// </summary>
public class DocumentationTests
{
    private static IReadOnlyList<DiagnosticDescriptor> Rules { get; } =
        typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public static IEnumerable<object[]> RuleIds() => Rules.Select(r => new object[] { r.Id });

    private static DiagnosticDescriptor Rule(string id) => Rules.Single(r => r.Id == id);

    private static string Page(string id) => File.ReadAllText(Path.Combine(DockerLibraries.RepositoryRoot, "docs", "rules", id + ".md"));

    /// <summary>The value of a <c>| Name | value |</c> row of a page's table, or null.</summary>
    private static string? Row(string page, string name) =>
        Regex.Match(page, @"^\| " + Regex.Escape(name) + @" \| (.+?) \|\s*$", RegexOptions.Multiline) is { Success: true } match ? match.Groups[1].Value : null;

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_rule_page_heading_and_table_match_the_descriptor(string id)
    {
        var rule = Rule(id);
        var page = Page(id);
        Assert.Equal($"# {id}: {rule.Title}", page.Split('\n')[0].TrimEnd());
        Assert.Equal(rule.Category, Row(page, "Category"));
        Assert.Equal(rule.DefaultSeverity.ToString(), Row(page, "Default severity"));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_rule_page_describes_a_code_fix_exactly_when_a_provider_fixes_the_rule(string id)
    {
        var codeFix = Row(Page(id), "Code fix");
        var provider = FixCheck.ProviderFor(id);
        if (provider is null)
        {
            Assert.True(codeFix is null or "None", $"{id}.md describes a code fix, but no provider fixes {id}");
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(codeFix) || codeFix == "None", $"{provider.GetType().Name} fixes {id}, but {id}.md has no 'Code fix' row");
        }
    }

    [Fact]
    public void The_readme_rule_table_lists_every_rule_with_its_page_title_and_severity()
    {
        var readme = File.ReadAllText(Path.Combine(DockerLibraries.RepositoryRoot, "README.md"));
        var rows = Regex.Matches(readme, @"^\| \[(PULL\d{3})\]\(docs/rules/(PULL\d{3})\.md\) \| (.+?) \| (\w+) \|", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups[1].Value, Link: m.Groups[2].Value, Title: m.Groups[3].Value, Severity: m.Groups[4].Value))
            .ToList();
        Assert.Equal(Rules.Select(r => r.Id), rows.Select(r => r.Id));
        Assert.All(rows, row =>
        {
            Assert.Equal(row.Id, row.Link);
            Assert.Equal(Rule(row.Id).Title.ToString(), row.Title);
            Assert.Equal(Rule(row.Id).DefaultSeverity.ToString(), row.Severity);
        });
    }

    [Fact]
    public void Every_fixable_id_of_every_provider_is_a_rule_of_the_package()
    {
        Assert.NotEmpty(FixCheck.Providers);
        Assert.All(FixCheck.Providers.SelectMany(p => p.FixableDiagnosticIds), id => Assert.Contains(id, Rules.Select(r => r.Id)));
    }
}
