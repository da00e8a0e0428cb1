namespace NetAcademy.Web.Api;

/// <summary>The OpenAPI document of the <c>/api</c> endpoints, served at <c>/openapi/v1.json</c>.</summary>
public static class OpenApiExtensions
{
    /// <summary>Name of the document (its path is <c>/openapi/{name}.json</c>).</summary>
    public const string DocumentName = "v1";

    /// <summary>Path of the document.</summary>
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    /// <summary>Registers the document: every endpoint under <c>/api/</c>, nothing else (pages, hubs, health, metrics).</summary>
    public static IServiceCollection AddNetAcademyOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "NetAcademy API";
                document.Info.Description =
                    "JSON and file endpoints over a learner's lab sessions, for scripts, the CLI and tests. Every one needs the " +
                    "sign-in cookie (netacademy.auth) of the session's owner: 401 without it, 404 for a session that is not the " +
                    "caller's. JSON errors are {\"error\": \"...\"}; 429 answers with one sentence of plain text.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Maps <see cref="DocumentPath"/>, readable by anyone (it describes the API, not any data).</summary>
    public static IEndpointRouteBuilder MapNetAcademyOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
