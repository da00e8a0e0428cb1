using System.ComponentModel.DataAnnotations;

namespace NetAcademy.Web.Accounts;

/// <summary>Limits on guests ("Accounts:Guests"), in force when Accounts:AllowGuests is on.</summary>
public sealed class GuestOptions
{
    /// <summary>
    /// Guests that may have started a lab and not yet expired, together; the next one is refused with a message until
    /// a place frees. Default: 20.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxActive { get; set; } = 20;

    /// <summary>
    /// How long a guest identity lasts from the browser's first visit: then its cookie stops working and its place
    /// frees. Default: 4 hours.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(4);
}
