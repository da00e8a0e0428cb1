using System.Net;
using System.Text.RegularExpressions;

namespace NetAcademy.Web.Tests.Support;

/// <summary>Posts the app's server-rendered forms as a browser would: GET the page, take its antiforgery token, POST.</summary>
public static partial class FormClient
{
    /// <summary>GETs <paramref name="url"/>, then posts the named form with the fields and the page's token.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formName, IDictionary<string, string> fields)
    {
        using var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {url}:\n{html}");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Signs up through /account/signup; asserts the redirect that means success.</summary>
    public static async Task SignUpAsync(this HttpClient client, string userName, string password)
    {
        using var response = await client.SubmitAsync("/account/signup", "signup", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-up of {userName} answered {(int)response.StatusCode}:\n{await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Signs in through /account/signin; returns the response (302 on success, 200 with a message otherwise).</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password) =>
        client.SubmitAsync("/account/signin", "signin", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
