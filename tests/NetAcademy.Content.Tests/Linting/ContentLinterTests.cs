using NetAcademy.Content.Errors;
using NetAcademy.Content.Linting;

namespace NetAcademy.Content.Tests.Linting;

public sealed class ContentLinterTests
{
    [Fact]
    public void Lint_RepositoryRoot_ReportsNoErrors()
    {
        var errors = ContentLinter.Lint(TestPaths.RepositoryRoot, CancellationToken.None);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => ContentErrorFormatter.Format(e))));
    }

    [Fact]
    public void Lint_SingleLabFolderWithError_ReportsThatLabsErrors()
    {
        var lab = Path.Combine(TestPaths.LabFixtures, "invalid-unknown-key");

        var errors = ContentLinter.Lint(lab, CancellationToken.None);

        Assert.Single(errors);
        Assert.Contains("memory_mb", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_LabsFolder_ReportsErrorsOfEveryInvalidLab()
    {
        var errors = ContentLinter.Lint(TestPaths.LabFixtures, CancellationToken.None);

        var files = errors.Select(e => Path.GetFileName(Path.GetDirectoryName(e.File))).Distinct().ToList();
        Assert.All(files, f => Assert.StartsWith("invalid-", f, StringComparison.Ordinal));
        var invalid = Directory.GetDirectories(TestPaths.LabFixtures, "invalid-*").Length;
        Assert.Equal(invalid, files.Count);
    }

    [Fact]
    public void Lint_MissingFolder_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ContentLinter.Lint(Path.Combine(TestPaths.Fixtures, "nope"), CancellationToken.None));
    }

    [Fact]
    public void Format_FileUnderBase_WritesRelativePathLineColumnAndMessage()
    {
        var error = new ContentError(Path.Combine("/repo", "labs", "x", "lab.yaml"), 3, 7, "Bad thing; fix it.");

        var text = ContentErrorFormatter.Format(error, "/repo");

        Assert.Equal("labs/x/lab.yaml:3:7: error: Bad thing; fix it.", text);
    }

    [Fact]
    public async Task WriteAsync_TwoErrors_WritesOneLineEach()
    {
        var writer = new StringWriter();
        ContentError[] errors = [new("/a/f.yaml", 1, 2, "One."), new("/a/g.md", 0, 0, "Two.")];

        await ContentErrorFormatter.WriteAsync(writer, errors, "/a", CancellationToken.None);

        Assert.Equal(["f.yaml:1:2: error: One.", "g.md:0:0: error: Two."], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
