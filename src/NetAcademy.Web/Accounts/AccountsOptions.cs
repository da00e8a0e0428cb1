using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Web.Accounts;

/// <summary>Accounts and sign-in, bound from the "Accounts" section; validated at start.</summary>
public sealed class AccountsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Accounts";

    /// <summary>
    /// Who may sign up: Open, Invitation or Closed. Default: Invitation (a public server does not take strangers'
    /// accounts unless an admin sets Open).
    /// </summary>
    public SignUpMode SignUp { get; set; } = SignUpMode.Invitation;

    /// <summary>
    /// Lets visitors start labs without an account, as a random guest per browser (for demos), within
    /// <see cref="Guests"/>. Default: false (starting a lab and the workspace require sign-in).
    /// </summary>
    public bool AllowGuests { get; set; }

    /// <summary>How many guests at once and for how long, when <see cref="AllowGuests"/> is on.</summary>
    public GuestOptions Guests { get; set; } = new();

    /// <summary>Wrong passwords in a row that lock an account. Default: 5.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked. Default: 15 minutes.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Posts of the sign-in, sign-up and setup forms one client address may make per minute; more get
    /// 429 Too Many Requests. Default: 10.
    /// </summary>
    [Range(1, 100_000)]
    public int FormPostsPerMinute { get; set; } = 10;

    /// <summary>Shortest password accepted. Default: 10.</summary>
    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 10;

    /// <summary>How long the first-admin setup link works. Default: 24 hours.</summary>
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a new invitation code works. Default: 14 days.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Admin created at start when none exists. Default: none (a setup link is printed instead).</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();
}
