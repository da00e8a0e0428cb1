using NetAcademy.Core.Ids;
using NetAcademy.Core.Labs;
using NetAcademy.Core.Runtime;

namespace NetAcademy.Labs.Sessions;

/// <summary>
/// A running (or starting, or ended) copy of a lab for one user. Thread-safe; every change raises
/// <see cref="Changed"/> with a fresh snapshot.
/// </summary>
public sealed class LabSession
{
    private readonly Lock _gate = new();
    private readonly List<StartProgress> _steps = [];
    private readonly List<string> _notices = [];
    private SessionState _state = SessionState.Starting;
    private DateTimeOffset _expiresAt;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset? _lastCommandAt;
    private string? _error;
    private string? _stopReason;
    private int _watchers;
    private long _version;
    private string _user;
    private DateTimeOffset _createdAt;

    internal LabSession(SessionId id, string user, Lab lab, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Id = id;
        _user = user;
        Lab = lab;
        _createdAt = createdAt;
        _expiresAt = expiresAt;
        _lastActivity = createdAt;
        NodeNames = lab.Nodes.Select(n => n.Name).ToList();
    }

    /// <summary>Session id.</summary>
    public SessionId Id { get; }

    /// <summary>The owner of a warm pool's session that nobody has claimed yet; no account can have this name.</summary>
    public const string PoolOwner = "(pool)";

    /// <summary>Owner's user name (<see cref="PoolOwner"/> until a warm pool's session is claimed).</summary>
    public string User { get { lock (_gate) { return _user; } } }

    /// <summary>True for a warm pool's session that nobody has claimed yet: it is nobody's to see.</summary>
    public bool IsPooled => User == PoolOwner;

    /// <summary>The lab as it was when the session started.</summary>
    public Lab Lab { get; }

    /// <summary>Node names of the lab.</summary>
    public IReadOnlyList<NodeName> NodeNames { get; }

    /// <summary>When Start was pressed (for a warm pool's session: when it was claimed).</summary>
    public DateTimeOffset CreatedAt { get { lock (_gate) { return _createdAt; } } }

    /// <summary>Raised after every change, outside the session's lock.</summary>
    public event Action<SessionSnapshot>? Changed;

    /// <summary>Current state.</summary>
    public SessionState State { get { lock (_gate) { return _state; } } }

    /// <summary>When the session will be stopped.</summary>
    public DateTimeOffset ExpiresAt { get { lock (_gate) { return _expiresAt; } } }

    /// <summary>Last terminal input or other sign of life.</summary>
    public DateTimeOffset LastActivity { get { lock (_gate) { return _lastActivity; } } }

    /// <summary>When terminal input last ended a line (a command was entered), if ever: only then can the learner have changed the lab.</summary>
    public DateTimeOffset? LastCommandAt { get { lock (_gate) { return _lastCommandAt; } } }

    /// <summary>Open workspace pages (hub connections) watching the session.</summary>
    public int Watchers { get { lock (_gate) { return _watchers; } } }

    /// <summary>True while the session is starting or ready.</summary>
    public bool IsActive => State is SessionState.Starting or SessionState.Ready;

    /// <summary>A consistent copy of the session's state.</summary>
    public SessionSnapshot Snapshot()
    {
        lock (_gate)
        {
            return BuildSnapshot();
        }
    }

    private SessionSnapshot BuildSnapshot() =>
        new(Id.Value, _user, Lab.Id.Value, _state, _steps.ToList(), NodeNames.Select(n => n.Value).ToList(),
            _createdAt, _expiresAt, _error, _stopReason)
        {
            Notices = _notices.ToList(),
            Version = _version,
        };

    /// <summary>The most notices a session keeps; older ones are dropped first.</summary>
    internal const int MaxNotices = 20;

    /// <summary>Records something the platform did to the learner's processes (e.g. an OOM kill), for the workspace to show.</summary>
    internal void AddNotice(string message)
    {
        Update(() =>
        {
            if (_notices.Count == MaxNotices)
            {
                _notices.RemoveAt(0);
            }
            _notices.Add(message);
        });
    }

    internal void Report(StartProgress progress)
    {
        Update(() =>
        {
            var index = _steps.FindIndex(s => s.Step == progress.Step);
            if (index >= 0)
            {
                _steps[index] = progress;
            }
            else
            {
                _steps.Add(progress);
            }
        });
    }

    internal bool TryMove(SessionState from, SessionState to, string? error = null, string? stopReason = null)
    {
        var moved = false;
        Update(() =>
        {
            if (_state != from)
            {
                return;
            }
            _state = to;
            _error = error ?? _error;
            _stopReason = stopReason ?? _stopReason;
            moved = true;
        });
        return moved;
    }

    internal void Restart()
    {
        Update(() =>
        {
            _state = SessionState.Starting;
            _steps.Clear();
            _notices.Clear();
            _error = null;
            _stopReason = null;
        });
    }

    internal void SetExpiry(DateTimeOffset expiresAt) => Update(() => _expiresAt = expiresAt);

    /// <summary>A warm pool's session becomes the user's: its time and idle clocks start now, as if Start had made it.</summary>
    internal void Claim(string user, DateTimeOffset now, DateTimeOffset expiresAt) => Update(() =>
    {
        _user = user;
        _createdAt = now;
        _expiresAt = expiresAt;
        _lastActivity = now;
        _lastCommandAt = null;
    });

    internal void Touch(DateTimeOffset now, bool enteredCommand = false)
    {
        lock (_gate)
        {
            _lastActivity = now;
            if (enteredCommand)
            {
                _lastCommandAt = now;
            }
        }
    }

    internal void AddWatcher(int delta, DateTimeOffset now)
    {
        lock (_gate)
        {
            _watchers = Math.Max(0, _watchers + delta);
            _lastActivity = now;
        }
    }

    private void Update(Action change)
    {
        SessionSnapshot snapshot;
        lock (_gate)
        {
            change();
            _version++;
            snapshot = BuildSnapshot();
        }
        Changed?.Invoke(snapshot);
    }
}
