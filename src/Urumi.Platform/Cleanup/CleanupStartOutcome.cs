namespace Urumi.Platform.Cleanup;

/// <summary>What a start of the cleanup did.</summary>
public enum CleanupStartOutcome
{
    Started,

    /// <summary>A cleanup is running; nothing was started.</summary>
    AlreadyRunning,

    /// <summary><c>Urumi:Cleanup:Enabled</c> is false; a scheduled tick starts nothing.</summary>
    Disabled,
}
