namespace NetAcademy.Web.Accounts;

/// <summary>
/// An admin account created at start-up when no admin exists yet ("Accounts:BootstrapAdmin"), for
/// unattended installs. Both fields must be set; otherwise the server prints a one-time setup link.
/// </summary>
public sealed class BootstrapAdminOptions
{
    /// <summary>User name of the admin. Default: none.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password (it must pass the same rules as any password). Default: none.</summary>
    public string? Password { get; set; }
}
