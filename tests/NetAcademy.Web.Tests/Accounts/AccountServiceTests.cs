using Microsoft.Extensions.Logging.Abstractions;
using NetAcademy.Web.Accounts;
using NetAcademy.Web.Audit;
using NetAcademy.Web.Tests.Support;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace NetAcademy.Web.Tests.Accounts;

public sealed class AccountServiceTests
{
    private const string Password = "correct horse battery";

    private static (AccountService Service, ManualTimeProvider Clock, UserStore Users) Create(TestDatabase db, AccountsOptions? options = null)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var users = new UserStore(db.Database);
        var service = new AccountService(users, new InvitationStore(db.Database), new AuditLog(db.Database, clock, NullLogger<AuditLog>.Instance),
            // Open sign-up unless a test says otherwise (the server's default is by invitation).
            MsOptions.Create(options ?? new AccountsOptions { SignUp = SignUpMode.Open, MaxFailedSignIns = 3, LockoutDuration = TimeSpan.FromMinutes(15) }), clock);
        return (service, clock, users);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignInAsync_TooManyWrongPasswords_LocksEvenTheRightPasswordUntilExpiry(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (service, clock, _) = Create(db);
        await service.SignUpAsync("ada", null, null, Password, null, CancellationToken.None);

        Assert.True((await service.SignInAsync("ada", Password, CancellationToken.None)).Succeeded);
        var wrong1 = await service.SignInAsync("ada", "wrong password 1", CancellationToken.None);
        var wrong2 = await service.SignInAsync("ada", "wrong password 2", CancellationToken.None);
        var wrong3 = await service.SignInAsync("ada", "wrong password 3", CancellationToken.None);
        var rightWhileLocked = await service.SignInAsync("ada", Password, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(16));
        var rightAfter = await service.SignInAsync("ada", Password, CancellationToken.None);

        Assert.Equal((false, (DateTimeOffset?)null), (wrong1.Succeeded, wrong1.LockedUntil));
        Assert.Null(wrong2.LockedUntil);
        Assert.NotNull(wrong3.LockedUntil);
        Assert.Contains("locked", wrong3.Error);
        Assert.False(rightWhileLocked.Succeeded);
        Assert.Contains("locked", rightWhileLocked.Error);
        Assert.True(rightAfter.Succeeded);
    }

    [Fact]
    public void AccountsOptions_Defaults_SignUpByInvitationGuestsOffAndCapped()
    {
        var options = new AccountsOptions();

        Assert.Equal(SignUpMode.Invitation, options.SignUp);
        Assert.False(options.AllowGuests);
        Assert.Equal(20, options.Guests.MaxActive);
        Assert.Equal(TimeSpan.FromHours(4), options.Guests.Lifetime);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SignUpAsync_InvitationMode_NeedsAValidCodeAndGrantsItsRole(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (service, _, users) = Create(db, new AccountsOptions { SignUp = SignUpMode.Invitation });
        var code = await service.CreateInvitationAsync("root", AccountRole.Instructor, 1, CancellationToken.None);

        var missing = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync("ada", null, null, Password, null, CancellationToken.None));
        var wrong = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync("ada", null, null, Password, "nope", CancellationToken.None));
        var user = await service.SignUpAsync("ada", "Ada L.", null, Password, code, CancellationToken.None);
        var usedUp = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync("bob", null, null, Password, code, CancellationToken.None));

        Assert.Equal("InvitationCode", missing.Field);
        Assert.Equal("InvitationCode", wrong.Field);
        Assert.Equal("InvitationCode", usedUp.Field);
        Assert.Equal(AccountRole.Instructor, (await users.FindByIdAsync(user.Id, CancellationToken.None))!.Role);
    }

    [Theory]
    [InlineData("ab", "UserName")]
    [InlineData("guest-123", "UserName")]
    [InlineData("has space", "UserName")]
    public async Task SignUpAsync_BadUserName_RefusedWithFieldMessage(string name, string field)
    {
        await using var db = await TestDatabase.CreateMigratedAsync("sqlite");
        var (service, _, _) = Create(db);

        var ex = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync(name, null, null, Password, null, CancellationToken.None));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public async Task SignUpAsync_ShortPasswordOrContainingName_Refused()
    {
        await using var db = await TestDatabase.CreateMigratedAsync("sqlite");
        var (service, _, _) = Create(db);

        var shortOne = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync("ada", null, null, "short", null, CancellationToken.None));
        var withName = await Assert.ThrowsAsync<AccountException>(() => service.SignUpAsync("adalovelace", null, null, "adalovelace123", null, CancellationToken.None));

        Assert.Equal("Password", shortOne.Field);
        Assert.Equal("Password", withName.Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChangePasswordAsync_RightCurrentPassword_NewWorksOldDoesNotAndStampChanges(string provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider);
        var (service, _, _) = Create(db);
        var user = await service.SignUpAsync("ada", null, null, Password, null, CancellationToken.None);

        await Assert.ThrowsAsync<AccountException>(() => service.ChangePasswordAsync(user.Id, "not it at all", "a new long password", CancellationToken.None));
        var changed = await service.ChangePasswordAsync(user.Id, Password, "a new long password", CancellationToken.None);

        Assert.NotEqual(user.SecurityStamp, changed.SecurityStamp);
        Assert.False((await service.SignInAsync("ada", Password, CancellationToken.None)).Succeeded);
        Assert.True((await service.SignInAsync("ada", "a new long password", CancellationToken.None)).Succeeded);
    }
}
