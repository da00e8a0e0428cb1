// The live packet table of the workspace (filled in by the packets feature).
