namespace NetAcademy.Web.Grading;

/// <summary>Options of grading in the web app, bound from the "Grading:Web" configuration section.</summary>
public sealed class LabGradingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Grading:Web";

    /// <summary>
    /// How often background rounds run: each checks the open tasks of the watched sessions that are due (see
    /// <see cref="BackgroundCheckPolicy"/>), so a task turns done without pressing Check. Default 5 s;
    /// <see cref="TimeSpan.Zero"/> turns background checks off.
    /// </summary>
    public TimeSpan BackgroundInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// For how long after a command is entered in a terminal the session is checked in every round (a command such
    /// as a ping or a daemon's start takes a while to have its effect). Default 10 s: two or three rounds.
    /// </summary>
    public TimeSpan BackgroundFollowUp { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a watched session with no new command is checked anyway, for changes made by something the learner
    /// left running. Default 60 s; <see cref="TimeSpan.Zero"/> checks only after commands.
    /// </summary>
    public TimeSpan BackgroundQuietInterval { get; set; } = TimeSpan.FromSeconds(60);
}
