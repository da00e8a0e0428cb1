namespace NetAcademy.Core;

/// <summary>Files the server keeps in its data directory that other tools (the CLI) read too.</summary>
public static class DataFiles
{
    /// <summary>
    /// The first-admin setup link while no admin exists: the link on its first line, when it stops working on the
    /// second. Mode 0600 (only the server's user, root on a standard install); deleted once the link is used or an
    /// admin exists. <c>netacademy doctor</c> shows it.
    /// </summary>
    public const string AdminSetupLink = "admin-setup-link";
}
