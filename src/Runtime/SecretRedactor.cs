using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>Keeps the secrets of an <see cref="AuthConfig"/> out of every text this library writes.</summary>
internal static class SecretRedactor
{
    private const string Mask = "***";

    public static string Redact(string text, AuthConfig? auth)
    {
        if (auth is null || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in new[] { auth.Password, auth.IdentityToken, auth.RegistryToken, auth.Auth })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
