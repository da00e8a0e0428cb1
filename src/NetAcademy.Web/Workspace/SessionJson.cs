using System.Text.Json;
using System.Text.Json.Serialization;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Workspace;

/// <summary>
/// A session snapshot as JSON in the shape the workspace hub sends (camelCase, enums by name): the detail of the
/// netacademy:session event the graph and packet islands read.
/// </summary>
public static class SessionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The snapshot as JSON.</summary>
    public static string Of(SessionSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);
}
