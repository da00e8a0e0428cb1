namespace NetAcademy.Web.Grading;

/// <summary>Options of grading in the web app, bound from the "Grading:Web" configuration section.</summary>
public sealed class LabGradingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Grading:Web";

    /// <summary>
    /// How often the open tasks of watched sessions are checked in the background, so a task turns done without
    /// pressing Check. Default 5 s; <see cref="TimeSpan.Zero"/> turns background checks off.
    /// </summary>
    public TimeSpan BackgroundInterval { get; set; } = TimeSpan.FromSeconds(5);
}
