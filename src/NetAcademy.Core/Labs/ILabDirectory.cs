using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Labs;

/// <summary>Where the lab runtime looks labs up (the content catalog in the app, a folder in tests).</summary>
public interface ILabDirectory
{
    /// <summary>The lab with that id as currently loaded, or null when it does not exist or does not load.</summary>
    Lab? FindLab(LabId id);

    /// <summary>Every lab that loads, for the services that look after all of them (warm pools).</summary>
    IEnumerable<Lab> AllLabs { get; }
}
