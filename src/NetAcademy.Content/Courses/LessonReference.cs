namespace NetAcademy.Content.Courses;

/// <summary>A lesson id as written in a file, with where it was written, for errors found after loading.</summary>
internal sealed record LessonReference(string Id, int Line, int Column);
