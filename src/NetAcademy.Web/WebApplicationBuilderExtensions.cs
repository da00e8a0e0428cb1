using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using NetAcademy.Content.Catalog;
using NetAcademy.Core.Labs;
using NetAcademy.Labs;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Api;
using NetAcademy.Web.Catalog;
using NetAcademy.Web.Grading;
using NetAcademy.Web.Instructor;
using NetAcademy.Web.Limits;
using NetAcademy.Web.Monitoring;
using NetAcademy.Web.Proxy;
using NetAcademy.Web.Reliability;
using NetAcademy.Web.Terminals;
using NetAcademy.Web.Workspace;

namespace NetAcademy.Web;

/// <summary>Composition of the web host: one call per concern.</summary>
public static class WebApplicationBuilderExtensions
{
    /// <summary>Setting (an environment variable in practice) naming a settings file outside the program's folder: the
    /// production install's /etc/netacademy/appsettings.json.</summary>
    public const string SettingsFileVariable = "NETACADEMY_SETTINGS";

    // The file sits with the other JSON files, so environment variables and the command line still override it.
    private static void AddSettingsFile(ConfigurationManager configuration)
    {
        if (configuration[SettingsFileVariable] is not { Length: > 0 } path)
        {
            return;
        }
        var sources = ((IConfigurationBuilder)configuration).Sources;
        var lastJson = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).index;
        var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.GetFullPath(path), Optional = false, ReloadOnChange = false };
        file.ResolveFileProvider();
        sources.Insert(lastJson + 1, file);
    }

    /// <summary>Registers everything the web app needs.</summary>
    public static WebApplicationBuilder AddNetAcademyWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        AddSettingsFile(configuration);
        // Ready notification and journal log format when systemd runs the server (deploy/install.sh); nothing otherwise.
        services.AddSystemd();
        // blazor.web.js sits in a package's static web assets: a published app has it in wwwroot/_framework, a build run
        // from its output folder (deploy/run.sh, the tests) finds it through the build's manifest, in any environment.
        builder.WebHost.UseStaticWebAssets();
        var host = configuration.GetSection(NetAcademyOptions.Section).Get<NetAcademyOptions>() ?? new NetAcademyOptions();
        var root = host.ResolveRoot();
        var data = host.ResolveDataDirectory();
        Directory.CreateDirectory(data);
        services.Configure<NetAcademyOptions>(o =>
        {
            o.Root = root;
            o.DataDirectory = data;
        });

        services.AddNetAcademyContent(configuration);
        // Relative content folders are relative to the repository root, not to wherever the app was started.
        services.PostConfigure<ContentOptions>(o =>
        {
            o.ContentRoot = Path.GetFullPath(o.ContentRoot, root);
            o.LabsRoot = Path.GetFullPath(o.LabsRoot, root);
            o.ImagesRoot = Path.GetFullPath(o.ImagesRoot, root);
        });
        services.AddSingleton<ILabDirectory, CatalogLabDirectory>();
        services.AddNetAcademyLabs(configuration);

        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data, "keys")))
            .SetApplicationName("NetAcademy");
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "netacademy.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
            });
        services.AddAuthorization();
        builder.AddNetAcademyAccounts();
        services.AddAntiforgery();
        // Reading pages are static SSR; the workspace's and the instructor's live parts are Interactive Server components.
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
                o.EnableDetailedErrors = false;
                o.AddFilter<HubConnectionMetrics>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<TerminalRegistry>();
        services.AddNetAcademyUsageLimits(configuration);
        services.AddNetAcademyWebGrading(configuration);
        services.AddNetAcademyInstructor();
        services.AddSingleton<NetAcademy.Web.Netfilter.NetfilterTraceService>();
        services.AddHostedService<SessionBroadcaster>();
        services.AddProblemDetails();
        builder.AddNetAcademyReliability();
        builder.AddNetAcademyMonitoring();
        services.AddNetAcademyOpenApi();
        builder.AddNetAcademyProxy();
        return builder;
    }
}
