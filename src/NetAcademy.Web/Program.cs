using NetAcademy.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetAcademyWeb();

var app = builder.Build();
app.UseNetAcademyWeb();
app.Run();

/// <summary>Entry point; public so functional tests can host the app.</summary>
public partial class Program;
