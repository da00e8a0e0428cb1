using NetAcademy.Testing.Docker;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>What the engine holds for one server instance, through the docker CLI (an independent view).</summary>
public static class DockerLeftovers
{
    /// <summary>Names of containers labelled with the instance.</summary>
    public static Task<IReadOnlyList<string>> ContainersAsync(string instance) =>
        DockerCli.LinesAsync("ps", "-a", "--filter", $"label=netacademy.instance={instance}", "--format", "{{.Names}}");

    /// <summary>Names of networks labelled with the instance.</summary>
    public static Task<IReadOnlyList<string>> NetworksAsync(string instance) =>
        DockerCli.LinesAsync("network", "ls", "--filter", $"label=netacademy.instance={instance}", "--format", "{{.Name}}");

    /// <summary>
    /// Removes everything labelled with the instance (safety net after a failed test). A server killed in the
    /// middle of a start may have requests the engine is still carrying out, so it sweeps until two looks a
    /// second apart find nothing.
    /// </summary>
    public static async Task RemoveAllAsync(string instance)
    {
        var clean = 0;
        for (var round = 0; round < 30 && clean < 2; round++)
        {
            var containers = await ContainersAsync(instance);
            var networks = await NetworksAsync(instance);
            clean = containers.Count == 0 && networks.Count == 0 ? clean + 1 : 0;
            foreach (var container in containers)
            {
                await DockerCli.RunAsync("rm", "-f", container);
            }
            foreach (var network in networks)
            {
                await DockerCli.RunAsync("network", "rm", network);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
