using System.Text.Json.Serialization;

namespace NetAcademy.Docker.Models;

/// <summary>One event from <c>GET /events</c>.</summary>
public sealed class DockerEvent
{
    /// <summary>Object type: <c>container</c>, <c>network</c>, <c>image</c>, <c>volume</c>...</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What happened: <c>create</c>, <c>start</c>, <c>die</c>, <c>oom</c>, <c>connect</c>... (exec events look like <c>exec_start: sh</c>).</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The object the event is about.</summary>
    public EventActor Actor { get; set => field = value ?? new(); } = new();

    /// <summary>Unix time in seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; set; }

    /// <summary>Unix time in nanoseconds.</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; set; }

    /// <summary>The event time as a timestamp.</summary>
    [JsonIgnore]
    public DateTimeOffset Timestamp => TimeNano > 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);
}
