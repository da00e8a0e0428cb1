using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

/// <summary>The kernel key quota that <c>netacademy doctor</c> checks, read from files laid out as /proc/sys/kernel/keys.</summary>
public sealed class KernelKeyQuotaTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("netacademy-keys-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("200\n", "20000\n", false)]
    [InlineData("20000\n", "20000\n", false)]
    [InlineData("20000\n", "2000000\n", true)]
    [InlineData("1000000\n", "25000000\n", true)]
    public void Read_KernelsDefaultAndWhatEnsureDockerSets_OnlyTheLatterIsEnough(string maxkeys, string maxbytes, bool enough)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "maxkeys"), maxkeys);
        File.WriteAllText(Path.Combine(_dir.FullName, "maxbytes"), maxbytes);

        var quota = KernelKeyQuota.Read(_dir.FullName);

        Assert.NotNull(quota);
        Assert.Equal(long.Parse(maxkeys.Trim()), quota.MaxKeys);
        Assert.Equal(enough, quota.IsEnough);
    }

    [Fact]
    public void Read_NoKeySettingsOrNotANumber_IsNull()
    {
        Assert.Null(KernelKeyQuota.Read(Path.Combine(_dir.FullName, "missing")));

        File.WriteAllText(Path.Combine(_dir.FullName, "maxkeys"), "lots\n");
        File.WriteAllText(Path.Combine(_dir.FullName, "maxbytes"), "20000\n");
        Assert.Null(KernelKeyQuota.Read(_dir.FullName));
    }

    [Fact]
    public void RecommendedValues_AreTheOnesEnsureDockerSets()
    {
        var script = File.ReadAllText(Path.Combine(NetAcademy.Testing.Server.RepositoryPaths.Root, "deploy", "ensure-docker.sh"));

        Assert.Contains($"KEYS_MAX={KernelKeyQuota.RecommendedKeys}\n", script, StringComparison.Ordinal);
        Assert.Contains($"KEYS_MAX_BYTES={KernelKeyQuota.RecommendedBytes}\n", script, StringComparison.Ordinal);
    }
}
