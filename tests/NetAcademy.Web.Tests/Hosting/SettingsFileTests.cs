using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetAcademy.Labs;
using NetAcademy.Web.Tests.Support;

namespace NetAcademy.Web.Tests.Hosting;

/// <summary>The production install keeps its settings in /etc/netacademy/appsettings.json, named by NETACADEMY_SETTINGS.</summary>
public sealed class SettingsFileTests
{
    [Fact]
    public async Task SettingsFile_NamedByNetacademySettings_IsRead()
    {
        var data = Directory.CreateTempSubdirectory("netacademy-settings-").FullName;
        var file = Path.Combine(data, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Labs": { "MaxSessions": 7, "MaxSessionsPerUser": 3 } }""");
        try
        {
            await using var app = new NetAcademyAppFactory(data, new Dictionary<string, string?>
            {
                ["NETACADEMY_SETTINGS"] = file,
                // Environment variables and the command line still win over the file.
                ["Labs:MaxSessionsPerUser"] = "1",
            });
            var options = app.Services.GetRequiredService<IOptions<LabsOptions>>().Value;

            Assert.Equal(7, options.MaxSessions);
            Assert.Equal(1, options.MaxSessionsPerUser);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SettingsFile_Missing_StartFailsNamingIt()
    {
        var data = Directory.CreateTempSubdirectory("netacademy-settings-").FullName;
        var file = Path.Combine(data, "absent.json");
        try
        {
            await using var app = new NetAcademyAppFactory(data, new Dictionary<string, string?> { ["NETACADEMY_SETTINGS"] = file });
            var error = Assert.ThrowsAny<Exception>(() => app.Services);

            Assert.Contains(file, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
