using NetAcademy.Content.Markdown;
using NetAcademy.Web.Lessons;

namespace NetAcademy.Web.Tests.Lessons;

/// <summary>The workspace splits the lesson pipeline's real output at its task blocks and their hints.</summary>
public sealed class LessonSegmentsTests
{
    private static string Html(string markdown) => Markdig.Markdown.ToHtml(markdown, LessonMarkdown.Pipeline);

    [Fact]
    public void Split_LessonWithTwoTasks_TextAndTaskBlocksInOrder()
    {
        var segments = LessonSegments.Split(Html("""
            # Title

            Before.

            ::::task make-namespaces
            Create `red` and `blue`.

            :::hint
            Use `ip netns add`.
            :::
            ::::

            Between.

            :::task make-veth
            :::

            After.
            """));

        Assert.Collection(segments,
            s => Assert.Contains("Before.", Assert.IsType<LessonHtml>(s).Html, StringComparison.Ordinal),
            s =>
            {
                var block = Assert.IsType<LessonTaskBlock>(s);
                Assert.Equal("make-namespaces", block.TaskId);
                Assert.Contains("<code>red</code>", Assert.IsType<LessonHtml>(block.Body[0]).Html, StringComparison.Ordinal);
                var hint = Assert.IsType<LessonHint>(Assert.Single(block.Body, b => b is LessonHint));
                Assert.Contains("<code>ip netns add</code>", hint.Html, StringComparison.Ordinal);
            },
            s => Assert.Contains("Between.", Assert.IsType<LessonHtml>(s).Html, StringComparison.Ordinal),
            s => Assert.Equal("make-veth", Assert.IsType<LessonTaskBlock>(s).TaskId),
            s => Assert.Contains("After.", Assert.IsType<LessonHtml>(s).Html, StringComparison.Ordinal));
        // Nothing of the placeholders' own markup (status line, Check button) is left in the text.
        Assert.DoesNotContain(segments.OfType<LessonHtml>(), s => s.Html.Contains("lab-task", StringComparison.Ordinal));
    }

    [Fact]
    public void Split_UnclosedPlaceholder_StaysLessonText()
    {
        const string html = "<p>a</p>\n<section class=\"lab-task\" data-task-id=\"x\">\n<h3 class=\"lab-task-title\">X</h3>\n<p>no tail</p>\n";
        var segment = Assert.Single(LessonSegments.Split(html));
        Assert.Equal(html, Assert.IsType<LessonHtml>(segment).Html);
    }

    [Theory]
    [InlineData("plain", new[] { "plain" }, new[] { false })]
    [InlineData("run `ip a` now", new[] { "run ", "ip a", " now" }, new[] { false, true, false })]
    [InlineData("odd ` tick", new[] { "odd ` tick" }, new[] { false })]
    public void InlineCodeSplit_Backticks_CodeRuns(string text, string[] parts, bool[] code)
    {
        var split = InlineCode.Split(text);
        Assert.Equal(parts, split.Select(p => p.Text));
        Assert.Equal(code, split.Select(p => p.IsCode));
    }
}
