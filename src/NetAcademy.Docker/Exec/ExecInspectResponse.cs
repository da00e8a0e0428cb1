using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>Answer of <c>GET /exec/{id}/json</c>.</summary>
public sealed class ExecInspectResponse
{
    /// <summary>Exec id.</summary>
    [JsonPropertyName("ID")]
    public string ID { get; set; } = string.Empty;

    /// <summary>Container the exec belongs to.</summary>
    public string? ContainerID { get; set; }

    /// <summary>Whether the process still runs.</summary>
    public bool Running { get; set; }

    /// <summary>Exit code once the process has exited; null before that.</summary>
    public int? ExitCode { get; set; }

    /// <summary>Host PID of the process (not its PID inside the container), 0 when not running.</summary>
    public int Pid { get; set; }

    /// <summary>Whether stdin is attached.</summary>
    public bool OpenStdin { get; set; }
}
