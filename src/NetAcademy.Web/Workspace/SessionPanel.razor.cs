using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using NetAcademy.Core.Ids;
using NetAcademy.Core.Runtime;
using NetAcademy.Labs.Sessions;

namespace NetAcademy.Web.Workspace;

/// <summary>The workspace's session panel; see SessionPanel.razor.</summary>
public sealed partial class SessionPanel
{
    private static readonly TimeSpan WarningTime = TimeSpan.FromMinutes(5);
    // Long enough to read why the lab stopped before the lesson page replaces the workspace.
    private static readonly TimeSpan LeaveDelay = TimeSpan.FromSeconds(4);

    private enum Confirm { None, Reset, Stop }

    /// <summary>The session shown (its id, as in the page's URL data).</summary>
    [Parameter, EditorRequired] public string SessionId { get; set; } = "";

    /// <summary>Where to go once the lab stopped: the lesson.</summary>
    [Parameter, EditorRequired] public string LessonUrl { get; set; } = "";

    private ElementReference element;
    private ElementReference confirmButton;
    private LabSession? session;
    private SessionSnapshot? snapshot;
    private string user = "";
    private string? actionError;
    private string? islandError;
    private string announcement = "";
    private bool warned;
    private bool busy;
    private bool watching;
    private bool leaving;
    private bool focusConfirm;
    private Confirm asking;
    private IReadOnlyList<string> observers = [];
    private IJSObjectReference? module;
    private IJSObjectReference? island;
    private DotNetObjectReference<SessionPanel>? self;
    private ITimer? ticker;
    private readonly CancellationTokenSource disposed = new();

    // A prerendered button cannot act yet: it stays disabled until the circuit is up.
    private bool Live => RendererInfo.IsInteractive;
    private bool IsReady => snapshot?.State == SessionState.Ready;
    private bool IsFailed => snapshot?.State == SessionState.Failed;
    private IReadOnlyList<StartProgress> Steps => snapshot?.Steps ?? [];
    private IReadOnlyList<string> Notices => snapshot?.Notices ?? [];
    private DateTimeOffset Limit => (session?.CreatedAt ?? DateTimeOffset.MinValue) + LabsOptions.Value.MaxSessionTime;
    private bool AtLimit => snapshot is not null && snapshot.ExpiresAt >= Limit;
    private TimeSpan Left => snapshot is null ? TimeSpan.Zero : Max(TimeSpan.Zero, snapshot.ExpiresAt - Time.GetUtcNow());
    private bool Warning => snapshot is not null && snapshot.State != SessionState.Stopped && Left < WarningTime;

    private string TimeLeftText => snapshot is null || snapshot.State == SessionState.Stopped ? "" : $"{(int)Left.TotalMinutes}:{Left.Seconds:00} left";

    private string ExtendLimitText => AtLimit
        ? $"at the limit of {Hours(LabsOptions.Value.MaxSessionTime)}"
        : $"+{(int)LabsOptions.Value.ExtendBy.TotalMinutes} min, up to {Hours(LabsOptions.Value.MaxSessionTime)} in all";

    private string? ErrorText => snapshot?.State switch
    {
        SessionState.Failed => snapshot.Error ?? "The lab failed to start.",
        SessionState.Stopped => $"The lab was stopped ({snapshot.StopReason ?? "stopped"}).",
        null => actionError ?? "No such lab session.",
        _ => actionError ?? islandError,
    };

    private int ExpectedSteps => Math.Max(Math.Max(session is null ? 0 : Sessions.CountStartSteps(session), Steps.Count), 1);
    private int DoneSteps => Steps.Count(s => s.Status == StepStatus.Done);
    private StartProgress? FailedStep => Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
    private string ProgressStatus => IsReady ? "ready" : FailedStep is not null || IsFailed ? "failed" : "starting";
    private int Percent => IsReady ? 100 : Math.Min(99, (int)Math.Round(100.0 * DoneSteps / ExpectedSteps));
    private double TotalSeconds => Steps.Sum(s => s.Elapsed.TotalSeconds);
    private bool ShowProgress => snapshot is { State: SessionState.Starting } || (IsFailed && Steps.Count > 0);

    private string ProgressLabel => ProgressStatus switch
    {
        "failed" => $"The lab failed to start{(FailedStep is { } f ? $": {f.Title}" : "")}",
        "ready" => "The lab is ready",
        _ => $"Starting the lab: {DoneSteps} of {ExpectedSteps} steps",
    };

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        user = (await Auth.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        try
        {
            // Exactly the hub's rule: the session must be the signed-in user's own.
            session = Sessions.GetOwned(SessionId, user);
            snapshot = session.Snapshot();
            observers = Observers.ObserversOf(session.Id);
        }
        catch (SessionAccessException ex)
        {
            actionError = ex.Message;
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (focusConfirm)
        {
            focusConfirm = false;
            await confirmButton.FocusAsync();
        }
        // Only runs once the component is interactive: a prerender never subscribes, so nothing is watched twice.
        if (!firstRender || session is null)
        {
            return;
        }
        session.Changed += OnSessionChanged;
        Observers.ObserversChanged += OnObserversChanged;
        Sessions.Watch(session, +1);
        watching = true;
        ticker = Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        self = DotNetObjectReference.Create(this);
        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", disposed.Token, "./js/workspace.js");
            island = await module.InvokeAsync<IJSObjectReference>("mount", disposed.Token, element, new { sessionId = SessionId, component = self });
        }
        catch (JSException ex)
        {
            // A module that failed to load (a dropped connection): say so; js/workspace-boot.js loads the page again.
            islandError = $"The terminals could not load ({ex.Message.Split('\n')[0]}). The page reloads to try again.";
            StateHasChanged();
            return;
        }
        // The session may have moved on while the island loaded: hand it the state as it is now.
        var now = session.Snapshot();
        await InvokeAsync(() => Show(now));
        Tick();
    }

    /// <summary>An error of the terminal island (a stream that failed, a Run before the lab is ready), shown in the error box.</summary>
    [JSInvokable]
    public Task ShowError(string message) => InvokeAsync(() =>
    {
        islandError = message.Length > 500 ? message[..500] : message;
        StateHasChanged();
    });

    private void OnSessionChanged(SessionSnapshot changed) => _ = InvokeAsync(() => Show(changed));

    private void OnObserversChanged(SessionId id, IReadOnlyList<string> now)
    {
        if (session is not null && id == session.Id)
        {
            _ = InvokeAsync(() =>
            {
                observers = now;
                StateHasChanged();
            });
        }
    }

    private async Task Show(SessionSnapshot next)
    {
        // Events can arrive out of order across threads: never go back to an older state.
        if (snapshot is not null && next.Version < snapshot.Version)
        {
            return;
        }
        if (snapshot?.State != next.State)
        {
            islandError = null;
        }
        snapshot = next;
        StateHasChanged();
        if (island is not null)
        {
            try
            {
                await island.InvokeVoidAsync("publish", disposed.Token, SessionJson.Of(next));
            }
            catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or TaskCanceledException)
            {
            }
        }
        if (next.State == SessionState.Stopped && !leaving)
        {
            leaving = true;
            _ = LeaveAsync();
        }
    }

    private async Task LeaveAsync()
    {
        try
        {
            await Task.Delay(LeaveDelay, Time, disposed.Token);
            await InvokeAsync(() => Navigation.NavigateTo(LessonUrl, forceLoad: true));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Tick()
    {
        if (snapshot is null || snapshot.State == SessionState.Stopped)
        {
            return;
        }
        if (Warning && !warned)
        {
            warned = true;
            announcement = "Less than five minutes left in this lab. Press Extend to keep it running.";
        }
        else if (!Warning)
        {
            warned = false;
        }
        StateHasChanged();
    }

    private void Ask(Confirm what)
    {
        asking = what;
        focusConfirm = what != Confirm.None;
    }

    private async Task ConfirmAsync()
    {
        var what = asking;
        asking = Confirm.None;
        if (what == Confirm.Reset)
        {
            await ResetAsync();
        }
        else if (what == Confirm.Stop)
        {
            await StopAsync();
        }
    }

    private Task ResetAsync() => ActAsync(async owned => await Sessions.ResetAsync(owned, disposed.Token));

    private Task StopAsync() => ActAsync(async owned =>
    {
        // Not cancelled with the page: a page closed right after Stop must not leave half a lab behind.
        await Sessions.StopAsync(owned, "stopped by the learner", CancellationToken.None);
        await Show(owned.Snapshot());
    });

    private Task ExtendAsync() => ActAsync(owned =>
    {
        Sessions.Extend(owned);
        return Task.CompletedTask;
    });

    // Every action checks ownership again with the circuit's user, as the hub does for each call.
    private async Task ActAsync(Func<LabSession, Task> action)
    {
        busy = true;
        actionError = null;
        try
        {
            await action(Sessions.GetOwned(SessionId, user));
        }
        catch (SessionAccessException ex)
        {
            actionError = ex.Message;
        }
        catch (SessionStopException ex)
        {
            actionError = ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            actionError = ex.Message;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            busy = false;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Hours(TimeSpan t) => t.TotalMinutes % 60 == 0 ? $"{(int)t.TotalHours} h" : $"{(int)t.TotalHours} h {t.Minutes} min";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await disposed.CancelAsync();
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        if (session is not null)
        {
            session.Changed -= OnSessionChanged;
            Observers.ObserversChanged -= OnObserversChanged;
            if (watching)
            {
                Sessions.Watch(session, -1);
            }
        }
        try
        {
            if (island is not null)
            {
                await island.InvokeVoidAsync("dispose");
                await island.DisposeAsync();
            }
            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The page is gone: nothing left to clean up in it.
        }
        self?.Dispose();
        disposed.Dispose();
    }
}
