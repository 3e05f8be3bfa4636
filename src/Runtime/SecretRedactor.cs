using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>Keeps the secrets of an <see cref="AuthConfig"/> out of every text this library writes.</summary>
internal static class SecretRedactor
{
    private const string Mask = "***";

    public static string Redact(string text, AuthConfig? auth) =>
        auth is null ? text : Redact(text, new[] { auth.Password, auth.IdentityToken, auth.RegistryToken, auth.Auth });

    /// <summary><paramref name="text"/> with each of <paramref name="secrets"/> masked (the runtime guard knows them from
    /// the request's registry header, not from an AuthConfig).</summary>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
