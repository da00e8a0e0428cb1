namespace NetAcademy.E2E.Infrastructure;

/// <summary>
/// A <see cref="BrowserFixture"/> whose pages bypass the Content-Security-Policy: axe-core, injected by the
/// accessibility tests, compiles its rule messages with <c>new Function</c>, which the server's policy (rightly) refuses.
/// </summary>
public sealed class AxeBrowserFixture : BrowserFixture
{
    /// <inheritdoc />
    protected override bool BypassCsp => true;
}
