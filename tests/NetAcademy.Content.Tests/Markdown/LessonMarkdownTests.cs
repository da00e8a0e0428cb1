using System.Text.RegularExpressions;
using NetAcademy.Content.Markdown;

namespace NetAcademy.Content.Tests.Markdown;

/// <summary>The lesson extensions as data: Markdown in, HTML fragments that must and must not appear out.</summary>
public sealed partial class LessonMarkdownTests
{
    public static TheoryData<string, string, string[], string[]> Cases => new()
    {
        {
            "runnable code block",
            "```sh run=host1\nip link add veth0 type veth\n```\n",
            ["<div class=\"code-block\"><pre><code class=\"language-sh\">ip link add veth0 type veth\n</code></pre>",
             "<button type=\"button\" class=\"code-copy\">Copy</button>",
             "<button type=\"button\" class=\"code-run\" data-run-node=\"host1\">Run on host1</button>"],
            []
        },
        {
            "plain fenced code gets copy but no run",
            "```python\nprint('<b>')\n```\n",
            ["<code class=\"language-python\">print('&lt;b&gt;')", "class=\"code-copy\""],
            ["code-run", "<b>"]
        },
        {
            "indented code gets copy",
            "    ip addr\n",
            ["<pre><code>ip addr\n</code></pre>", "class=\"code-copy\""],
            ["code-run"]
        },
        {
            "run node is attribute-escaped",
            "```sh run=\"x\"onclick=\"alert(1)\n",
            ["data-run-node=\"&quot;x&quot;onclick=&quot;alert(1)\""],
            ["data-run-node=\"\"x\""]
        },
        {
            "note callout",
            ":::note\nRemember **this**.\n:::\n",
            ["<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>", "<p>Remember <strong>this</strong>.</p>", "</aside>"],
            [":::"]
        },
        {
            "tip callout with title",
            ":::tip Shortcut <now>\nUse `ip -n`.\n:::\n",
            ["<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Shortcut &lt;now&gt;</p>", "<code>ip -n</code>"],
            []
        },
        {
            "warning callout",
            ":::warning\nThis deletes things.\n:::\n",
            ["<aside class=\"callout callout-warning\" role=\"note\">", "<p class=\"callout-title\">Warning</p>"],
            []
        },
        {
            "hint folded",
            ":::hint\nTry `ip link`.\n:::\n",
            ["<details class=\"hint\"><summary>Hint</summary>", "<p>Try <code>ip link</code>.</p>", "</details>"],
            []
        },
        {
            "hint with custom summary",
            ":::hint Stuck?\nLook again.\n:::\n",
            ["<details class=\"hint\"><summary>Stuck?</summary>"],
            []
        },
        {
            "task placeholder without lab shows id",
            ":::task make-veth\n:::\n",
            ["<section class=\"lab-task\" data-task-id=\"make-veth\">", "<h3 class=\"lab-task-title\">make-veth</h3>",
             "<p class=\"lab-task-status\" role=\"status\" aria-live=\"polite\"></p>",
             "<button type=\"button\" class=\"lab-task-check\" data-task-id=\"make-veth\">Check</button>", "</section>"],
            []
        },
        {
            "hint nested in task with longer outer fence",
            "::::task t1\nBody.\n\n:::hint\nInner.\n:::\n::::\n\nAfter.\n",
            ["<section class=\"lab-task\" data-task-id=\"t1\">", "<details class=\"hint\"><summary>Hint</summary>\n<p>Inner.</p>\n</details>\n<p class=\"lab-task-status\"", "</section>\n<p>After.</p>"],
            []
        },
        {
            "unknown container stays text",
            ":::danger\nx\n:::\n",
            ["<p>:::danger"],
            ["<aside", "<div class=\"danger\""]
        },
        {
            "raw html block is escaped",
            "<div onclick=\"x()\">hi</div>\n",
            ["&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;"],
            ["<div onclick"]
        },
        {
            "script tag is not rendered",
            "<script>alert(1)</script>\n\ntext <script>alert(2)</script>\n",
            ["&lt;script&gt;alert(1)&lt;/script&gt;"],
            ["<script"]
        },
        {
            "inline html with event attribute is escaped",
            "an <img src=x onerror=alert(1)> image\n",
            ["&lt;img src=x onerror=alert(1)&gt;"],
            ["<img"]
        },
        {
            "javascript link is not a link",
            "[click](javascript:alert(1))\n",
            ["<p>click</p>"],
            ["href", "javascript:"]
        },
        {
            "obfuscated javascript link is not a link",
            "[a](JaVaScRiPt:alert(1)) [b](&#x6a;avascript:alert(1)) [c](java&#x09;script:alert(1))\n",
            ["<p>a b c</p>"],
            ["href"]
        },
        {
            "vbscript and data links are not links",
            "[v](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=)\n",
            ["<p>v d</p>"],
            ["href"]
        },
        {
            "javascript reference link is not a link",
            "[x][r]\n\n[r]: javascript:alert(1)\n",
            ["<p>x</p>"],
            ["href"]
        },
        {
            "javascript autolink is text",
            "<javascript:alert(1)>\n",
            ["javascript:alert(1)"],
            ["href"]
        },
        {
            "data image is not rendered",
            "![pic](data:image/svg+xml,<svg onload=alert(1)>)\n",
            [],
            ["<img", "src="]
        },
        {
            "https link is rendered",
            "[docs](https://man7.org/linux/man-pages/man8/ip.8.html)\n",
            ["<a href=\"https://man7.org/linux/man-pages/man8/ip.8.html\">docs</a>"],
            []
        },
        {
            "attribute syntax is not available",
            "![x](a.png){onerror=alert(1)}\n",
            ["<img src=\"a.png\" alt=\"x\" />"],
            ["onerror=\"", "<img src=\"a.png\" onerror"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToHtml_LessonPipeline_RendersExpectedFragments(string name, string markdown, string[] expected, string[] forbidden)
    {
        var html = Markdig.Markdown.ToHtml(markdown, LessonMarkdown.Pipeline);

        foreach (var fragment in expected)
        {
            Assert.True(html.Contains(fragment, StringComparison.Ordinal), $"{name}: missing {fragment}{Environment.NewLine}{html}");
        }

        foreach (var fragment in forbidden)
        {
            Assert.False(html.Contains(fragment, StringComparison.Ordinal), $"{name}: unexpected {fragment}{Environment.NewLine}{html}");
        }

        Assert.DoesNotMatch(EventAttribute(), html);
    }

    [Fact]
    public void Pipeline_SameInstance_IsBuiltOnce()
    {
        Assert.Same(LessonMarkdown.Pipeline, LessonMarkdown.Pipeline);
    }

    [Fact]
    public void ToHtml_ManyThreads_GiveSameOutput()
    {
        const string markdown = ":::note\nHi `x`.\n:::\n\n```sh run=host1\nls\n```\n";
        var expected = Markdig.Markdown.ToHtml(markdown, LessonMarkdown.Pipeline);

        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = Markdig.Markdown.ToHtml(markdown, LessonMarkdown.Pipeline));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void GetFrontMatter_LessonFile_ReturnsYamlAndItsFirstLine()
    {
        var document = LessonMarkdown.Parse("---\ntitle: A\nlab: x\n---\n# Body\n");

        var (yaml, line) = LessonMarkdown.GetFrontMatter(document)!.Value;

        Assert.Equal("title: A\nlab: x", yaml.ReplaceLineEndings("\n").TrimEnd());
        Assert.Equal(1, line);
    }

    [Fact]
    public void ToHtml_FrontMatter_IsNotRendered()
    {
        var html = Markdig.Markdown.ToHtml("---\ntitle: Secret\n---\n# Body\n", LessonMarkdown.Pipeline);

        Assert.DoesNotContain("Secret", html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"body\">Body</h1>", html, StringComparison.Ordinal);
    }

    // An HTML tag (not escaped text) carrying an on* attribute.
    [GeneratedRegex(@"<[a-zA-Z][^>]*\son[a-z]+\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex EventAttribute();
}
