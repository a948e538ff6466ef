using System.ComponentModel.DataAnnotations;

namespace Urumi.Platform.Helm;

/// <summary>How Urumi runs the <c>helm</c> binary. Bound from <c>Urumi:Helm</c>.</summary>
public sealed class HelmOptions : IValidatableObject
{
    public const string SectionName = "Urumi:Helm";

    /// <summary>The helm v4 binary: a path, or a name looked up on PATH.</summary>
    [Required(AllowEmptyStrings = false)]
    public string BinaryPath { get; set; } = "helm";

    /// <summary>Passed as <c>--kubeconfig</c> when set; otherwise helm's own KUBECONFIG handling applies.</summary>
    public string? KubeConfig { get; set; }

    /// <summary>Passed as <c>--kube-context</c> when set.</summary>
    public string? KubeContext { get; set; }

    /// <summary>
    /// How long one helm process may run before it is killed (its process tree included) and the call
    /// fails as transient. Must exceed <see cref="OperationTimeout"/>; commands given a longer helm
    /// <c>--timeout</c> get that timeout plus a minute (twice it with <c>--rollback-on-failure</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>helm's <c>--timeout</c> when a request does not name one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A release in <c>pending-*</c> whose last update is older than this is treated as abandoned by a
    /// killed process and recovered before the next upgrade. 45 s by default: Urumi installs without
    /// <c>--wait</c> (a live install is pending for seconds), runs one operation per store at a time
    /// (operation claims), and the durable runtime redelivers an install only after the previous
    /// worker's 30 s lock lapsed. Null: the helm timeout in use plus one minute, for callers that
    /// share releases with other Helm users.
    /// </summary>
    public TimeSpan? StalePendingAfter { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Installs/upgrades allowed to run at once in this process (protects small clusters).</summary>
    [Range(1, 256)]
    public int MaxConcurrentInstalls { get; set; } = 4;

    /// <summary>
    /// Folder holding the charts; a relative path is looked up from the app base directory upwards
    /// (so <c>charts</c> finds the repository's <c>charts/</c> folder).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ChartsRoot { get; set; } = "charts";

    /// <summary>
    /// Environment values files applied before each request's own files, e.g. <c>values-local.yaml</c>.
    /// Relative names are resolved inside the chart folder; a missing file is a configuration error.
    /// </summary>
    public IList<string> ValuesFiles { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StalePendingAfter is { } stale && stale <= TimeSpan.Zero)
        {
            yield return new ValidationResult("StalePendingAfter must be positive.", [nameof(StalePendingAfter)]);
        }

        if (CommandTimeout <= OperationTimeout)
        {
            yield return new ValidationResult(
                "CommandTimeout must be longer than OperationTimeout, or helm is killed before its own timeout.",
                [nameof(CommandTimeout), nameof(OperationTimeout)]);
        }

        if (ValuesFiles.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("ValuesFiles must not contain empty entries.", [nameof(ValuesFiles)]);
        }
    }
}
