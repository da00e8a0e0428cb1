using System.CommandLine;
using NetAcademy.Content.Errors;
using NetAcademy.Content.Linting;

namespace NetAcademy.Cli.Commands;

/// <summary><c>netacademy lint [PATH]</c>: every content and lab error, with file, line and column.</summary>
public static class LintCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "Repository root, content/ or labs/ folder, a course folder or a lab folder.",
            DefaultValueFactory = _ => ".",
        };
        var command = new Command("lint", "Check courses, lessons and labs; print every error and exit non-zero when there is any.") { path };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = Path.GetFullPath(parse.GetValue(path) ?? ".");
            IReadOnlyList<ContentError> errors;
            try
            {
                errors = ContentLinter.Lint(target, cancellationToken);
            }
            catch (DirectoryNotFoundException)
            {
                await Console.Error.WriteLineAsync($"netacademy lint: {target} is not a folder.");
                return 2;
            }
            await ContentErrorFormatter.WriteAsync(Console.Out, errors, target, cancellationToken);
            // Warnings ask for a second look; they do not fail the lint.
            var labs = Directory.Exists(Path.Combine(target, "labs")) ? Path.Combine(target, "labs") : target;
            var images = Path.Combine(target, "deploy", "images");
            var imagesRoot = Directory.Exists(images) ? images : null;
            var warnings = CapabilityAdvisor.Warnings(labs, imagesRoot, cancellationToken)
                .Concat(RequiresAdvisor.Warnings(labs, imagesRoot, cancellationToken)).ToList();
            await ContentErrorFormatter.WriteAsync(Console.Out, warnings, target, cancellationToken, "warning");
            await Console.Out.WriteLineAsync((errors.Count == 0 ? "lint: no errors" : $"lint: {errors.Count} error(s)")
                + (warnings.Count == 0 ? "" : $", {warnings.Count} warning(s)"));
            return errors.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
