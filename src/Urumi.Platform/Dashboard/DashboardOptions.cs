namespace Urumi.Platform.Dashboard;

/// <summary>Where the dashboard's files are; section <c>Urumi:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Urumi:Dashboard";

    /// <summary>The folder of the page's files. Relative: looked for from the app's base directory upwards (both hosts copy <c>dashboard/</c> into their output).</summary>
    public string Root { get; set; } = "dashboard";
}
