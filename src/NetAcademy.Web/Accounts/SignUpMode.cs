namespace NetAcademy.Web.Accounts;

/// <summary>Who may create an account.</summary>
public enum SignUpMode
{
    /// <summary>Anyone who reaches the server.</summary>
    Open,

    /// <summary>Only with an invitation code an admin created.</summary>
    Invitation,

    /// <summary>Nobody: the sign-up page is off (the first admin still comes from the setup link).</summary>
    Closed,
}
