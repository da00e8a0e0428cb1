using NetAcademy.Core.Ids;

namespace NetAcademy.Core.Graph;

/// <summary>A problem met while building the graph. The graph is still usable; the message says what is missing.</summary>
/// <param name="Severity">Warning or error.</param>
/// <param name="Node">The node the input came from, when known.</param>
/// <param name="Netns">The namespace (null for the node's own).</param>
/// <param name="Source">Which input: <c>link</c>, <c>addr</c>, <c>route</c>, <c>route6</c>, <c>bridge</c>, <c>netns-ids</c>, <c>graph</c>, <c>network</c> or <c>exec</c> (collecting failed).</param>
/// <param name="Message">What went wrong, for a person.</param>
public sealed record GraphDiagnostic(GraphDiagnosticSeverity Severity, NodeName? Node, string? Netns, string Source, string Message);
