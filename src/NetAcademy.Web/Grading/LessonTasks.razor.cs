using Microsoft.AspNetCore.Components;
using NetAcademy.Content.Catalog;
using NetAcademy.Grading.Tasks;
using NetAcademy.Labs.Sessions;
using NetAcademy.Web.Lessons;
using NetAcademy.Web.Limits;

namespace NetAcademy.Web.Grading;

/// <summary>The workspace's lesson with live task blocks; see LessonTasks.razor.</summary>
public sealed partial class LessonTasks
{
    private static readonly TimeSpan CelebrationTime = TimeSpan.FromSeconds(1.2);

    /// <summary>The running session (the page found it for the signed-in user; checked again here).</summary>
    [Parameter, EditorRequired] public string SessionId { get; set; } = "";

    /// <summary>The lesson's course id.</summary>
    [Parameter, EditorRequired] public string CourseId { get; set; } = "";

    /// <summary>The lesson id.</summary>
    [Parameter, EditorRequired] public string LessonId { get; set; } = "";

    /// <summary>The course page, for "back to the course" after the last lesson.</summary>
    [Parameter] public string CourseUrl { get; set; } = "/";

    /// <summary>The next lesson in the course, or null after the last one.</summary>
    [Parameter] public string? NextLessonUrl { get; set; }

    /// <summary>The next lesson's title.</summary>
    [Parameter] public string? NextLessonTitle { get; set; }

    [Inject] private ContentCatalogProvider Catalog { get; set; } = null!;

    private IReadOnlyList<LessonSegment> segments = [];
    private HashSet<string> inLesson = [];
    private readonly Dictionary<string, TaskState> states = [];
    private LabSession? session;
    private TaskBoard? board;
    private string user = "";
    private SessionState? lastState;
    private bool subscribed;
    private bool justCompleted;
    private bool wasComplete;

    private IReadOnlyList<TaskView> Tasks => board?.Tasks ?? [];
    private int Done => board?.Done ?? 0;
    private bool Complete => board?.Complete ?? false;

    /// <summary>What a task block shows beyond the board: its last check's sentences, busy, hints opened.</summary>
    private sealed class TaskState
    {
        public List<ResultLine> Results { get; } = [];
        public string? LastCheck { get; set; }
        public bool Busy { get; set; }
        public int OpenHints { get; set; }
    }

    private sealed record ResultLine(string Kind, string? Mark, string? Label, string Message);

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        user = (await Auth.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
        if (NetAcademy.Core.Ids.CourseId.TryParse(CourseId, out var cid) && NetAcademy.Content.Courses.LessonId.TryParse(LessonId, out var lid)
            && Catalog.Current.FindLesson(cid, lid) is { } lesson)
        {
            segments = LessonSegments.Split(lesson.Html);
            inLesson = segments.OfType<LessonTaskBlock>().Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        }
        try
        {
            session = Sessions.GetOwned(SessionId, user);
            lastState = session.State;
            board = Grading.Board(session);
            wasComplete = board.Complete;
        }
        catch (SessionAccessException)
        {
            session = null;
        }
    }

    /// <inheritdoc />
    protected override void OnAfterRender(bool firstRender)
    {
        // Interactive only (a prerender has no after-render): one subscription per live page.
        if (firstRender && session is not null)
        {
            session.Changed += OnSessionChanged;
            Grading.BoardChanged += OnBoardChanged;
            subscribed = true;
            // The board may have moved on between the prerender and now.
            _ = InvokeAsync(() => ShowBoard(Grading.Board(session)));
        }
    }

    private void OnBoardChanged(LabSession changed, TaskBoard next)
    {
        if (changed == session)
        {
            _ = InvokeAsync(() => ShowBoard(next));
        }
    }

    private void OnSessionChanged(SessionSnapshot snapshot) => _ = InvokeAsync(() =>
    {
        var before = lastState;
        lastState = snapshot.State;
        if (session is null || before == snapshot.State)
        {
            return;
        }
        if (snapshot.State == SessionState.Starting && before is SessionState.Stopping or SessionState.Ready or SessionState.Failed)
        {
            // A reset starts the lab over: every task is open or locked again, the old sentences are stale.
            states.Clear();
        }
        ShowBoard(Grading.Board(session));
    });

    private void ShowBoard(TaskBoard next)
    {
        board = next;
        foreach (var task in next.Tasks.Where(t => t.Status == LabTaskStatus.Done))
        {
            // A task that passed elsewhere (another tab, a background check) drops its stale failure sentences.
            if (states.TryGetValue(task.Id, out var state) && state.LastCheck == "failed")
            {
                state.Results.Clear();
                state.LastCheck = "passed";
            }
        }
        if (next.Complete && !wasComplete)
        {
            justCompleted = true;
            _ = EndCelebrationAsync();
        }
        wasComplete = next.Complete;
        StateHasChanged();
    }

    private async Task EndCelebrationAsync()
    {
        await Task.Delay(CelebrationTime);
        await InvokeAsync(() =>
        {
            justCompleted = false;
            StateHasChanged();
        });
    }

    private async Task CheckAsync(string taskId)
    {
        var state = StateOf(taskId);
        if (state.Busy)
        {
            return;
        }
        state.Busy = true;
        try
        {
            // The hub's rules: the session must be the caller's own, and checks are rate-limited per learner.
            LabSession owned;
            try
            {
                owned = Sessions.GetOwned(SessionId, user);
            }
            catch (SessionAccessException ex)
            {
                ShowLine(state, "check-refused", ex.Message);
                return;
            }
            if (RateLimits.Refusal(RateLimitedAction.Check, user) is { } refusal)
            {
                ShowLine(state, "check-refused", refusal);
                return;
            }
            if (owned.State != SessionState.Ready)
            {
                ShowLine(state, "check-refused", "Start the lab first: it is not ready yet. Check again once the terminals show.");
                return;
            }
            Sessions.Touch(owned);
            var outcome = await Grading.CheckAsync(owned, taskId, CancellationToken.None);
            board = outcome.Board;
            state.Results.Clear();
            state.Results.AddRange(outcome.Checks.Where(c => outcome.Passed || !c.Passed).Select(c => c.Passed
                ? new ResultLine("check-passed", "✓", "Passed: ", c.Message)
                : c.Errored ? new ResultLine("check-errored", "!", "Could not check: ", c.Message)
                : new ResultLine("check-failed", "✗", "Not yet: ", c.Message)));
            state.LastCheck = outcome.Passed ? "passed" : "failed";
            if (!outcome.Passed)
            {
                // One more hint per failed check: the first failure opens the first hint, and so on.
                state.OpenHints++;
            }
            ShowBoard(outcome.Board);
        }
        catch (TaskCheckRefusedException ex)
        {
            // A refusal (locked task, lab not ready) comes back as the sentence to show.
            ShowLine(state, "check-refused", ex.Message);
        }
        finally
        {
            state.Busy = false;
        }
    }

    private static void ShowLine(TaskState state, string kind, string message)
    {
        state.Results.Clear();
        state.Results.Add(new ResultLine(kind, null, null, message));
    }

    private TaskState StateOf(string taskId)
    {
        if (!states.TryGetValue(taskId, out var state))
        {
            state = new TaskState();
            states[taskId] = state;
        }
        return state;
    }

    private TaskView? Find(string taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    private static string Status(TaskView task) => task.Status.ToString().ToLowerInvariant();

    private static string Icon(LabTaskStatus status) => status switch
    {
        LabTaskStatus.Locked => "⊘",
        LabTaskStatus.Open => "○",
        LabTaskStatus.Done => "✓",
        _ => "",
    };

    private static string StatusLine(TaskView? task) => task?.Status switch
    {
        LabTaskStatus.Done => "Done: every check passed.",
        LabTaskStatus.Locked => $"Locked: finish {string.Join(" and ", task.Needs.Select(n => $"“{n}”"))} first.",
        LabTaskStatus.Open => "Open: do the task, then press Check.",
        _ => "",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (subscribed && session is not null)
        {
            session.Changed -= OnSessionChanged;
            Grading.BoardChanged -= OnBoardChanged;
        }
    }
}
