using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace NetAcademy.E2E.Infrastructure;

/// <summary>Types into a node's xterm.js terminal and reads its screen, the way a person would.</summary>
public sealed class TerminalDriver
{
    private readonly IPage _page;
    private readonly string _node;
    private readonly int _shell;

    /// <summary>Creates a driver for the terminal of shell number <paramref name="shell"/> (its tab) on <paramref name="node"/>.</summary>
    public TerminalDriver(IPage page, string node, int shell = 1)
    {
        _page = page;
        _node = node;
        _shell = shell;
    }

    /// <summary>The terminal's pane.</summary>
    public ILocator Pane => _page.Locator($".terminal-pane[data-node=\"{_node}\"][data-shell=\"{_shell}\"]");

    /// <summary>The terminal's tab.</summary>
    public ILocator Tab => _page.Locator($"[role=tab][data-node=\"{_node}\"][data-shell=\"{_shell}\"]");

    /// <summary>The visible text of the terminal (xterm's DOM renderer rows).</summary>
    public async Task<string> ScreenAsync() => await Pane.Locator(".xterm-rows").InnerTextAsync();

    /// <summary>Focuses the terminal.</summary>
    public async Task FocusAsync() => await Pane.Locator(".xterm-screen").ClickAsync();

    /// <summary>Types a line and presses Enter.</summary>
    public async Task RunAsync(string line)
    {
        await FocusAsync();
        await _page.Keyboard.TypeAsync(line);
        await _page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Waits until the screen matches, and returns the screen.</summary>
    /// <exception cref="TimeoutException">It did not, with the last screen in the message.</exception>
    public async Task<string> WaitForAsync(Regex pattern, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await ScreenAsync();
            if (pattern.IsMatch(screen))
            {
                return screen;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The terminal {_shell} of {_node} never showed /{pattern}/. Last screen:\n{screen}");
    }

    /// <summary>Runs a command that prints a unique marker when done, and waits for it.</summary>
    public async Task<string> RunAndWaitAsync(string command, string marker, TimeSpan? timeout = null)
    {
        await RunAsync($"{command}; echo {marker}-$((40+2))");
        return await WaitForAsync(new Regex(Regex.Escape(marker) + "-42"), timeout);
    }
}
