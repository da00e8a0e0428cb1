using NetAcademy.Content.Errors;
using NetAcademy.Core.Labs;

namespace NetAcademy.Content.Labs;

/// <summary>
/// The outcome of loading one lab folder: the lab when the file is valid, and every error found otherwise.
/// </summary>
/// <param name="Id">The folder name, which is the lab id when it is a valid identifier.</param>
/// <param name="Directory">Absolute path of the lab folder.</param>
/// <param name="Lab">The lab, or null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found, in file order.</param>
public sealed record LabLoadResult(string Id, string Directory, Lab? Lab, IReadOnlyList<ContentError> Errors)
{
    /// <summary>True when the lab loaded without errors.</summary>
    public bool IsValid => Lab is not null;
}
