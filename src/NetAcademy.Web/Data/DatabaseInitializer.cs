using NetAcademy.Web.Data.Migrations;

namespace NetAcademy.Web.Data;

/// <summary>
/// Migrates the schema before anything else reads or writes: registered ahead of the other hosted
/// services of accounts, and the host serves no request until every hosted service started. A failed
/// migration stops the server, with the reason in the log.
/// </summary>
public sealed class DatabaseInitializer : IHostedService
{
    private readonly SchemaMigrator _migrator;

    /// <summary>Creates the initializer.</summary>
    public DatabaseInitializer(SchemaMigrator migrator) => _migrator = migrator;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _migrator.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
