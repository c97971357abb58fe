using Npgsql;

// The calibration floor: TechEmpower's "single query" shape. One random row read with plain Npgsql and returned as JSON,
// no framework of ours, against the same PostgreSQL, in the same run. Every scenario is reported as a ratio to it, so
// figures from a noisy shared machine can still be compared.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
await using var dataSource = NpgsqlDataSource.Create(connectionString);

// world(id, randomnumber): 10,000 rows, as in the TechEmpower schema; created once.
await using (var setup = dataSource.CreateCommand(
    "create schema if not exists benchmark_floor;" +
    "create table if not exists benchmark_floor.world (id int primary key, randomnumber int not null);" +
    "insert into benchmark_floor.world select i, (random() * 9999 + 1)::int from generate_series(1, 10000) i on conflict do nothing;"))
{
    await setup.ExecuteNonQueryAsync();
}

var app = builder.Build();
app.MapGet("/db", async () =>
{
    await using var command = dataSource.CreateCommand("select id, randomnumber from benchmark_floor.world where id = $1");
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Random.Shared.Next(1, 10_001) });
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return Results.Json(new World(reader.GetInt32(0), reader.GetInt32(1)), FloorJson.Default.World);
});
app.MapGet("/health", () => "ok");
await app.RunAsync();

internal sealed record World(int Id, int RandomNumber);

[System.Text.Json.Serialization.JsonSerializable(typeof(World))]
internal sealed partial class FloorJson : System.Text.Json.Serialization.JsonSerializerContext;
