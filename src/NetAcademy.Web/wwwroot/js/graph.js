// The live interface graph of the workspace (filled in by the graph feature).
