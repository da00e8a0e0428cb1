using Microsoft.AspNetCore.Components.Forms;

namespace NetAcademy.Web.Accounts;

/// <summary>Shows an <see cref="AccountException"/> beside its field, or returns it for the whole form.</summary>
internal static class FormErrors
{
    /// <summary>Adds the message to the field it names; returns the message when it names none.</summary>
    public static string? Show(EditContext context, ValidationMessageStore store, AccountException ex)
    {
        if (ex.Field is null || context.Model.GetType().GetProperty(ex.Field) is null)
        {
            return ex.Message;
        }
        store.Add(context.Field(ex.Field), ex.Message);
        context.NotifyValidationStateChanged();
        return null;
    }
}
