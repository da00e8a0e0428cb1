using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

public sealed class DockerApiVersionsTests
{
    private const string Engine = "Docker 99.0 at unix:///x.sock";

    [Theory]
    [InlineData("1.12", "1.41", "1.41")] // Docker 20.10: its newest
    [InlineData("1.24", "1.45", "1.45")] // Docker 26.1
    [InlineData("1.24", "1.51", "1.51")] // Docker 28.5
    [InlineData("1.44", "1.52", "1.52")] // Docker 29: refuses anything below 1.44
    [InlineData("1.44", "1.60", "1.52")] // a future engine that still serves ours: ours
    public void Choose_Negotiating_TakesTheNewestBothSpeak(string min, string max, string expected)
    {
        var (version, problem) = DockerApiVersions.Choose(Version.Parse(min), Version.Parse(max), null, Engine);

        Assert.Null(problem);
        Assert.Equal(Version.Parse(expected), version);
    }

    [Fact]
    public void Choose_EngineOlderThanThePlatform_RefusesNamingBothRanges()
    {
        var (version, problem) = DockerApiVersions.Choose(new Version(1, 12), new Version(1, 40), null, "Docker 19.03.15 at unix:///var/run/docker.sock");

        Assert.Null(version);
        Assert.Equal("Docker 19.03.15 at unix:///var/run/docker.sock speaks Engine API 1.12-1.40; NetAcademy needs Engine API 1.41 (Docker 20.10) or newer. Upgrade the engine.", problem);
    }

    [Fact]
    public void Choose_EngineNewerThanEverythingThePlatformSpeaks_Refuses()
    {
        var (version, problem) = DockerApiVersions.Choose(new Version(1, 60), new Version(1, 70), null, Engine);

        Assert.Null(version);
        Assert.Contains("speaks Engine API 1.60-1.70 only; NetAcademy speaks 1.41-1.52", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.99")]
    [InlineData("1.20")]
    public void Choose_PinnedVersionOutsideTheEnginesRange_RefusesNamingBoth(string pinned)
    {
        var (version, problem) = DockerApiVersions.Choose(new Version(1, 24), new Version(1, 51), Version.Parse(pinned), Engine);

        Assert.Null(version);
        Assert.Equal($"Docker:ApiVersion is {pinned}, but {Engine} speaks Engine API 1.24-1.51. Remove the setting to negotiate, or set a version in that range.", problem);
    }

    [Fact]
    public void Choose_PinnedVersionTheEngineSpeaks_IsUsed()
    {
        var (version, problem) = DockerApiVersions.Choose(new Version(1, 24), new Version(1, 51), new Version(1, 45), Engine);

        Assert.Null(problem);
        Assert.Equal(new Version(1, 45), version);
    }

    [Theory]
    [InlineData("1.45", 1, 45)]
    [InlineData("v1.41", 1, 41)]
    [InlineData(" 1.51 ", 1, 51)]
    public void Parse_EngineApiVersion_ReadsMajorMinor(string text, int major, int minor) =>
        Assert.Equal(new Version(major, minor), DockerApiVersions.Parse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("latest")]
    [InlineData("-1.5")]
    public void Parse_NotAVersion_IsNull(string? text) => Assert.Null(DockerApiVersions.Parse(text));
}
