using NetAcademy.Core.Graph;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Grading;

/// <summary>Reads a session's live interface graph for state checks.</summary>
public interface ISessionGraphSource
{
    /// <summary>The session's graph now.</summary>
    /// <param name="session">A ready session.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">The session is not ready.</exception>
    Task<InterfaceGraph> GetGraphAsync(LabSession session, CancellationToken cancellationToken);
}
