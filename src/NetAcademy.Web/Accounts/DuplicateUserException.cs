namespace NetAcademy.Web.Accounts;

/// <summary>An account with that user name or e-mail address already exists.</summary>
public sealed class DuplicateUserException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateUserException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
