namespace NetAcademy.Testing.Browser;

/// <summary>
/// The workspace's graph island alone in a page of the server: the same module, stylesheet and vendor files the
/// workspace loads, without a lab, for browser tests and benchmarks that feed it graphs of their own.
/// </summary>
public static class BlankGraphPage
{
    /// <summary>
    /// JavaScript statements for the body of an async function: they put a 1200×800 graph pane with graph.css into the
    /// page and mount the graph in it, leaving the island in a constant <c>g</c>.
    /// </summary>
    public const string MountStatements = """
        const sheet = document.createElement('link');
        sheet.rel = 'stylesheet';
        sheet.href = '/css/graph.css';
        const loaded = new Promise(resolve => { sheet.onload = resolve; });
        document.head.append(sheet);
        await loaded;
        const section = document.createElement('section');
        section.className = 'graph-pane';
        section.dataset.role = 'graph';
        section.style.width = '1200px';
        section.style.height = '800px';
        document.body.replaceChildren(section);
        const { mountGraph } = await import('/js/graph.js');
        const g = mountGraph(section);
        """;
}
