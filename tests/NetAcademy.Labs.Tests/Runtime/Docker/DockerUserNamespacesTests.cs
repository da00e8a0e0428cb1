using NetAcademy.Labs.Runtime.Docker;

namespace NetAcademy.Labs.Tests.Runtime.Docker;

public sealed class DockerUserNamespacesTests
{
    private const string Engine = "Docker 28.5.2 at unix:///var/run/docker.sock";

    [Theory]
    [InlineData("name=seccomp,profile=default", "name=userns")] // Docker 20.10 with --userns-remap=default, as seen here
    [InlineData("name=seccomp,profile=builtin", "name=rootless", "name=cgroupns")] // a rootless engine
    public void Problem_EngineIsolatesUsers_IsNull(params string[] options) =>
        Assert.Null(DockerUserNamespaces.Problem(options, allowWithout: false, Engine));

    [Fact]
    public void Problem_EngineWithoutRemap_RefusesNamingBothFixes()
    {
        var problem = DockerUserNamespaces.Problem(["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"], allowWithout: false, Engine);

        Assert.Equal(
            "Docker 28.5.2 at unix:///var/run/docker.sock runs without userns-remap: root in a lab node would be root on the host. "
            + "Set \"userns-remap\": \"default\" in /etc/docker/daemon.json and restart the engine (deploy/ensure-docker.sh does), "
            + "or, for an engine that isolates users another way (rootless, a VM runtime), set Docker:AllowWithoutUsernsRemap=true.",
            problem);
    }

    [Fact]
    public void Problem_OptionThatOnlyMentionsUserns_IsNotTakenForRemap() =>
        Assert.NotNull(DockerUserNamespaces.Problem(["name=seccomp,profile=/etc/name=userns.json"], allowWithout: false, Engine));

    [Fact]
    public void Problem_OperatorOptedOut_IsNull() =>
        Assert.Null(DockerUserNamespaces.Problem(["name=seccomp,profile=builtin"], allowWithout: true, Engine));
}
