namespace NetAcademy.Web.Api;

/// <summary>
/// The body of every JSON error of the <c>/api</c> endpoints (404, 409): <c>{"error": "one sentence"}</c>. 401 and 403
/// have no body; 429 is one sentence of plain text. Described in <c>/openapi/v1.json</c>.
/// </summary>
/// <param name="Error">What went wrong, for people.</param>
public sealed record ApiError(string Error);
