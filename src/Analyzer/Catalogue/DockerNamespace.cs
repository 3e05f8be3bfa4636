using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Catalogue
{
    /// <summary>
    /// Where Docker.DotNet's symbols live. Docker.DotNet 3.x and the Docker.DotNet.Enhanced 4.x fork share assembly and
    /// namespace names; the operations are declared in <c>Docker.DotNet</c>, the models in <c>Docker.DotNet.Models</c>.
    /// </summary>
    internal static class DockerNamespace
    {
        /// <summary>A method of a type declared directly in <c>Docker.DotNet</c> (the client and its operations).</summary>
        public static bool DeclaresMethod(IMethodSymbol method) => IsDockerDotNet(method.ContainingType?.ContainingNamespace);

        /// <summary>A type in <c>Docker.DotNet</c> or one of its sub-namespaces (the response models).</summary>
        public static bool Contains(INamedTypeSymbol type)
        {
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (IsDockerDotNet(ns))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDockerDotNet(INamespaceSymbol? ns) =>
            ns is { Name: "DotNet" }
            && ns.ContainingNamespace is { Name: "Docker" } parent
            && parent.ContainingNamespace is { IsGlobalNamespace: true };
    }
}
