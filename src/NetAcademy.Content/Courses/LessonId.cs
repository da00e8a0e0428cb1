using NetAcademy.Core.Ids;

namespace NetAcademy.Content.Courses;

/// <summary>A validated lesson id, unique within its course: the lesson file name without <c>.md</c>.</summary>
public readonly record struct LessonId
{
    /// <summary>Creates the id.</summary>
    /// <exception cref="ArgumentException">The value is not a valid identifier.</exception>
    public LessonId(string value) => Value = Identifier.Require(value, "lesson id");

    /// <summary>The text of the id.</summary>
    public string Value { get; }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? value, out LessonId id)
    {
        id = Identifier.IsValid(value) ? new LessonId(value!) : default;
        return Identifier.IsValid(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
