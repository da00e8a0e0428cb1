using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NetAcademy.Web.Audit;

namespace NetAcademy.Web.Accounts;

/// <summary>
/// The first admin. At start, when no admin exists: create the one in Accounts:BootstrapAdmin if it is
/// configured, else print a one-time link (/account/setup?token=...) that creates one, and write it to
/// &lt;data dir&gt;/admin-setup-link (mode 0600, shown by <c>netacademy doctor</c>; deleted once used). The token is
/// random, stored only as a hash, works once and expires; each start without an admin replaces it.
/// There is never a default password.
/// </summary>
public sealed partial class AdminSetup : IHostedService
{
    /// <summary>Path of the setup page.</summary>
    public const string Path = "/account/setup";

    private readonly UserStore _users;
    private readonly SetupTokenStore _tokens;
    private readonly AccountService _accounts;
    private readonly IAuditLog _audit;
    private readonly AccountsOptions _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServer _server;
    private readonly ILogger<AdminSetup> _logger;
    private readonly string _linkFile;

    /// <summary>Creates the setup.</summary>
    public AdminSetup(UserStore users, SetupTokenStore tokens, AccountService accounts, IAuditLog audit, IOptions<AccountsOptions> options,
        TimeProvider time, IHostApplicationLifetime lifetime, IServer server, ILogger<AdminSetup> logger, IOptions<NetAcademyOptions> host)
    {
        _linkFile = System.IO.Path.Combine(host.Value.ResolveDataDirectory(), NetAcademy.Core.DataFiles.AdminSetupLink);
        _users = users;
        _tokens = tokens;
        _accounts = accounts;
        _audit = audit;
        _options = options.Value;
        _time = time;
        _lifetime = lifetime;
        _server = server;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await _users.CountAsync(AccountRole.Admin, cancellationToken) > 0)
        {
            DeleteLinkFile();
            return;
        }
        var bootstrap = _options.BootstrapAdmin;
        if (!string.IsNullOrWhiteSpace(bootstrap.UserName) && !string.IsNullOrEmpty(bootstrap.Password))
        {
            // Configuration that cannot work must stop the start rather than leave a server nobody can manage.
            var admin = await _accounts.CreateAsync(bootstrap.UserName, null, null, bootstrap.Password, AccountRole.Admin, cancellationToken);
            await _audit.RecordAsync(admin.UserName, AuditKinds.AdminCreated, admin.Id, "from Accounts:BootstrapAdmin", cancellationToken);
            LogBootstrapped(_logger, admin.UserName);
            DeleteLinkFile();
            return;
        }
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var now = _time.GetUtcNow();
        await _tokens.ReplaceAsync(AccountService.Hash(token), now, now + _options.SetupLinkLifetime, cancellationToken);
        var path = $"{Path}?token={token}";
        var expires = now + _options.SetupLinkLifetime;
        // The addresses are known only once the server listens.
        _lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses;
            var link = addresses is { Count: > 0 } ? addresses.First().TrimEnd('/') + path : path;
            WriteLinkFile(link, expires);
            LogSetupLink(_logger, link, _options.SetupLinkLifetime.TotalHours, _linkFile);
        });
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether the token is a working setup token and no admin exists yet.</summary>
    public async Task<bool> IsValidAsync(string? token, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(token)
        && await _users.CountAsync(AccountRole.Admin, cancellationToken) == 0
        && await _tokens.IsValidAsync(AccountService.Hash(token), _time.GetUtcNow(), cancellationToken);

    /// <summary>Uses the token to create the first admin.</summary>
    /// <exception cref="AccountException">The token does not work (used, expired, an admin exists) or a field is invalid.</exception>
    public async Task<UserAccount> CompleteAsync(string? token, string userName, string? displayName, string password, CancellationToken cancellationToken)
    {
        if (!await IsValidAsync(token, cancellationToken))
        {
            throw new AccountException(InvalidLinkMessage);
        }
        // Validate before using the token up, so a typo does not burn the link.
        _accounts.ValidatePassword(password, AccountService.ValidateUserName(userName));
        if (await _users.FindByNameOrEmailAsync(userName, cancellationToken) is not null)
        {
            throw new AccountException($"The user name '{UserStore.Normalize(userName)}' is taken; choose another.", "UserName");
        }
        if (!await _tokens.TryConsumeAsync(AccountService.Hash(token!), _time.GetUtcNow(), cancellationToken))
        {
            throw new AccountException(InvalidLinkMessage);
        }
        var admin = await _accounts.CreateAsync(userName, displayName, null, password, AccountRole.Admin, cancellationToken);
        await _audit.RecordAsync(admin.UserName, AuditKinds.AdminCreated, admin.Id, "from the setup link", cancellationToken);
        DeleteLinkFile();
        return admin;
    }

    /// <summary>The file with the current setup link (&lt;data dir&gt;/admin-setup-link), present only while the link works.</summary>
    public string LinkFile => _linkFile;

    // Written beside the database with mode 0600 from the start (never readable by others, not even briefly), then
    // renamed over the old one.
    private void WriteLinkFile(string link, DateTimeOffset expires)
    {
        var temporary = _linkFile + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_linkFile)!);
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.UTF8, options))
            {
                writer.Write($"{link}\nvalid until {expires.UtcDateTime:yyyy-MM-dd HH:mm} UTC; works once\n");
            }
            File.Move(temporary, _linkFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLinkFileFailed(_logger, _linkFile, ex.Message);
        }
    }

    private void DeleteLinkFile()
    {
        try
        {
            File.Delete(_linkFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLinkFileFailed(_logger, _linkFile, ex.Message);
        }
    }

    /// <summary>What the setup page says about a link that does not work.</summary>
    public const string InvalidLinkMessage =
        "This setup link does not work: it was used already, it expired, or an admin exists. Restart the server for a new link while no admin exists.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists yet. Create the first one with this one-time link (valid {Hours} h; also in {File}, which netacademy doctor shows): {Link}")]
    private static partial void LogSetupLink(ILogger logger, string link, double hours, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write or delete the setup link file {File}: {Reason}")]
    private static partial void LogLinkFileFailed(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the administrator {UserName} from Accounts:BootstrapAdmin")]
    private static partial void LogBootstrapped(ILogger logger, string userName);
}
