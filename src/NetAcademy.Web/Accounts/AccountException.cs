namespace NetAcademy.Web.Accounts;

/// <summary>An account operation was refused; the message is written for the person at the form.</summary>
public sealed class AccountException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="field">The form field it is about (e.g. "Password"), or null for the whole form.</param>
    public AccountException(string message, string? field = null) : base(message) => Field = field;

    /// <summary>The form field the message belongs to, or null.</summary>
    public string? Field { get; }
}
