using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// What the fixes of one run (a single fix, or a Fix All over documents) have decided for one project: its PULL005
    /// helper, found or to be added once, whichever document needs it first.
    /// </summary>
    internal sealed class ProjectFixState
    {
        /// <summary>The project's PULL005 helper, once a fix has looked for it.</summary>
        public EngineErrorProgressFile? ProgressHelper { get; set; }

        /// <summary>A fix used the helper and the project does not have it yet: its file is added when the run ends.</summary>
        public bool NeedsProgressHelperFile { get; set; }
    }

    /// <summary>
    /// What the fixes applied to one document so far have claimed: local names (so that Fix All never makes two
    /// locals of one name in a member), Report methods already edited; and the project's state they share.
    /// </summary>
    internal sealed class FixState
    {
        private readonly Dictionary<SyntaxNode, HashSet<string>> _namesByMember = new Dictionary<SyntaxNode, HashSet<string>>();

        public FixState(ProjectFixState project) => Project = project;

        /// <summary>What the fixes of this run decided for the document's project.</summary>
        public ProjectFixState Project { get; }

        /// <summary>The Report methods a PULL005 fix already made fail on engine errors (several calls may share one).</summary>
        public HashSet<SyntaxNode> ReportsMadeToFail { get; } = new HashSet<SyntaxNode>();

        /// <summary>A name based on <paramref name="wanted"/> that nothing in the member around <paramref name="node"/> uses yet.</summary>
        public string UniqueName(SyntaxNode node, string wanted)
        {
            var taken = Taken(node);
            var name = wanted;
            for (var i = 2; taken.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None; i++)
            {
                name = wanted + i;
            }

            taken.Add(name);
            return name;
        }

        /// <summary><paramref name="preferred"/> where the member does not use it yet, else a unique name based on <paramref name="fallback"/>.</summary>
        public string FirstFreeName(SyntaxNode node, string preferred, string fallback)
        {
            var taken = Taken(node);
            if (!taken.Contains(preferred))
            {
                taken.Add(preferred);
                return preferred;
            }

            return UniqueName(node, fallback);
        }

        /// <summary>The names the member around <paramref name="node"/> uses, and those fixes gave out in it.</summary>
        private HashSet<string> Taken(SyntaxNode node)
        {
            var member = MemberOf(node);
            if (!_namesByMember.TryGetValue(member, out var taken))
            {
                taken = new HashSet<string>();
                foreach (var token in member.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        taken.Add(token.ValueText);
                    }
                }

                _namesByMember[member] = taken;
            }

            return taken;
        }

        private static SyntaxNode MemberOf(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (current is MemberDeclarationSyntax and not GlobalStatementSyntax and not BaseTypeDeclarationSyntax and not NamespaceDeclarationSyntax)
                {
                    return current;
                }

                if (current is CompilationUnitSyntax)
                {
                    return current;
                }
            }

            return node.SyntaxTree.GetRoot();
        }
    }
}
