using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>Reads the in-band error of one progress message, in every shape Docker.DotNet gives it.</summary>
internal static class EngineErrors
{
    /// <summary>The error text of <paramref name="message"/>, or null when it reports progress.</summary>
    public static string? Of(JSONMessage? message)
    {
        if (message is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(message.Error?.Message))
        {
            return message.Error!.Message;
        }

        var legacy = ClientDifferences.LegacyErrorText(message);
        return string.IsNullOrEmpty(legacy) ? null : legacy;
    }
}
