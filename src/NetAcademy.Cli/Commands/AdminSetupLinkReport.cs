using NetAcademy.Core;

namespace NetAcademy.Cli.Commands;

/// <summary>
/// The part of <c>netacademy doctor</c> about the first admin: the server writes its one-time setup link to
/// &lt;data dir&gt;/admin-setup-link (mode 0600) while no admin exists, so an operator on the host can find it without
/// reading the log. Informational: it never fails the doctor.
/// </summary>
internal static class AdminSetupLinkReport
{
    /// <summary>Prints the link when the file is there and readable.</summary>
    public static async Task WriteAsync(string dataDirectory, TextWriter output, CancellationToken ct)
    {
        var file = Path.Combine(dataDirectory, DataFiles.AdminSetupLink);
        if (!File.Exists(file))
        {
            return;
        }
        await output.WriteLineAsync("Accounts");
        try
        {
            var lines = (await File.ReadAllLinesAsync(file, ct)).Where(l => l.Length > 0).ToList();
            await output.WriteLineAsync($"  note  no administrator yet; create one with the one-time link in {file}:");
            foreach (var line in lines)
            {
                await output.WriteLineAsync("        " + line);
            }
        }
        catch (UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"  note  no administrator yet; the one-time setup link is in {file}, readable only by the server's user (run as root)");
        }
    }
}
