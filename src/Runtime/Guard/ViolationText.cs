using System.Text;

namespace PullAnalyzer.Runtime;

/// <summary>The words of the guard: which rule reports each violation in source, and how a violation reads.</summary>
internal static class ViolationText
{
    /// <summary>The PullAnalyzer rule that reports <paramref name="kind"/> in source for the job of <paramref name="record"/>.</summary>
    public static string? RuleFor(ViolationKind kind, JobRecord record) => kind switch
    {
        // Docker.DotNet read the stream for a progress that let the error pass; a stream the user read was read without the check.
        ViolationKind.EngineError => record.TakesProgress switch { true => "PULL005", false => "PULL002", null => null },
        ViolationKind.DisposedBeforeEnd or ViolationKind.AbandonedOnCancellation => "PULL002",
        ViolationKind.NeverDisposed => record.Request.IsCompletion ? "PULL001" : "PULL004",
        // A job that takes a progress is still running only when its task was not awaited; a stream was not read to its end.
        ViolationKind.StillInFlight or ViolationKind.DependsOnUnfinishedJob => record.TakesProgress switch { true => "PULL003", false => "PULL002", null => null },
        _ => null,
    };

    /// <summary>One paragraph for <paramref name="violation"/>.</summary>
    public static string Describe(GuardViolation violation)
    {
        var text = new StringBuilder();
        text.Append(Title(violation.Kind)).Append(": the ").Append(violation.Job);
        text.Append(violation.DockerMethod is null ? "" : " of " + violation.DockerMethod).Append(" (").Append(violation.Endpoint).Append(')');
        text.Append(", called at ").Append(violation.Site?.ToString() ?? "an unknown site");
        if (violation.DependentSite is not null || violation.DependentEndpoint is not null)
        {
            text.Append("; then ").Append(violation.DependentEndpoint).Append(" at ").Append(violation.DependentSite?.ToString() ?? "an unknown site");
        }

        text.Append(": ").Append(violation.Detail).Append('.');
        if (violation.Rule is not null)
        {
            // Every in-band error is recorded, also where the caller's code failed on it as it should: the rule is a hint there.
            text.Append(' ').Append(violation.Kind == ViolationKind.EngineError
                ? $"Where the call did not fail on it, {violation.Rule} reports in source the code that let it pass: "
                : $"{violation.Rule} reports this in source: ").Append(violation.RuleLink);
        }

        return text.ToString();
    }

    /// <summary>The message of <see cref="EngineGuardException"/>: a count and one numbered paragraph per violation.</summary>
    public static string Summary(IReadOnlyList<GuardViolation> violations)
    {
        var text = new StringBuilder();
        text.Append("The engine stream guard found ").Append(violations.Count).Append(violations.Count == 1 ? " violation:" : " violations:");
        for (var i = 0; i < violations.Count; i++)
        {
            text.AppendLine().Append(i + 1).Append(". ").Append(Describe(violations[i]));
        }

        return text.ToString();
    }

    private static string Title(ViolationKind kind) => kind switch
    {
        ViolationKind.EngineError => "Engine error inside the stream",
        ViolationKind.DisposedBeforeEnd => "Disposed before its end",
        ViolationKind.AbandonedOnCancellation => "Abandoned on cancellation",
        ViolationKind.NeverDisposed => "Never disposed",
        ViolationKind.StillInFlight => "Still in flight",
        ViolationKind.DependsOnUnfinishedJob => "Depends on an unfinished job",
        _ => "Guard fault",
    };
}
