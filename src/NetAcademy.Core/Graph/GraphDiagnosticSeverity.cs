namespace NetAcademy.Core.Graph;

/// <summary>How bad a <see cref="GraphDiagnostic"/> is.</summary>
public enum GraphDiagnosticSeverity
{
    /// <summary>Something could not be resolved (an ambiguous veth peer, a master that is not there); the rest is complete.</summary>
    Warning,
    /// <summary>Input was unusable (invalid JSON, an invalid namespace name); that part of the graph is missing.</summary>
    Error,
}
