using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PlanServices.DevSidecar;

public sealed record StoredSubscription(string App, string Topic, string Route, string? DeadLetterTopic);

public sealed record Delivery(string MessageId, string App, string Route, string? DeadLetterTopic, int Attempts, string Topic, string Body);

/// <summary>The sidecar's durable queue (SQLite): messages, the subscriptions last discovered, and one delivery per subscriber.</summary>
public sealed class SidecarStore
{
    private readonly string _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public SidecarStore(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _connection = $"Data Source={file};Pooling=false";
        Execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, topic TEXT NOT NULL, body TEXT NOT NULL, published INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS subscriptions (app TEXT NOT NULL, topic TEXT NOT NULL, route TEXT NOT NULL, dead_letter TEXT, PRIMARY KEY (app, topic));
            CREATE TABLE IF NOT EXISTS deliveries (message_id TEXT NOT NULL, app TEXT NOT NULL, route TEXT NOT NULL, dead_letter TEXT,
              attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'pending', last_error TEXT,
              PRIMARY KEY (message_id, app));
            CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt);
            CREATE TABLE IF NOT EXISTS mail (received INTEGER NOT NULL, message_id TEXT NOT NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL,
              subject TEXT NOT NULL, body TEXT NOT NULL);
            """);
    }

    /// <summary>Stores a message and a delivery for each current subscriber, once: the same id again changes nothing.</summary>
    public async Task<bool> PublishAsync(string id, string topic, string body)
    {
        await _lock.WaitAsync();
        try
        {
            await using var connection = await OpenAsync();
            await using var transaction = connection.BeginTransaction();
            var now = DateTime.UtcNow.Ticks;
            var added = await Command(connection, "INSERT OR IGNORE INTO messages (id, topic, body, published) VALUES ($id, $topic, $body, $now)",
                ("$id", id), ("$topic", topic), ("$body", body), ("$now", now)).ExecuteNonQueryAsync();
            if (added == 1)
                await Command(connection, """
                    INSERT INTO deliveries (message_id, app, route, dead_letter, next_attempt)
                    SELECT $id, app, route, dead_letter, $now FROM subscriptions WHERE topic = $topic
                    """, ("$id", id), ("$topic", topic), ("$now", now)).ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return added == 1;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task ReplaceSubscriptionsAsync(string app, IReadOnlyList<StoredSubscription> subscriptions)
    {
        await _lock.WaitAsync();
        try
        {
            await using var connection = await OpenAsync();
            await using var transaction = connection.BeginTransaction();
            var known = new HashSet<string>();
            await using (var reader = await Command(connection, "SELECT topic FROM subscriptions WHERE app = $app", ("$app", app)).ExecuteReaderAsync())
                while (await reader.ReadAsync()) known.Add(reader.GetString(0));
            await Command(connection, "DELETE FROM subscriptions WHERE app = $app", ("$app", app)).ExecuteNonQueryAsync();
            foreach (var s in subscriptions)
            {
                await Command(connection, "INSERT INTO subscriptions (app, topic, route, dead_letter) VALUES ($app, $topic, $route, $dead)",
                    ("$app", app), ("$topic", s.Topic), ("$route", s.Route), ("$dead", s.DeadLetterTopic)).ExecuteNonQueryAsync();
                // A topic the app subscribes to for the first time gets the messages already published on it, as a durable
                // broker's new consumer group reads its stream from the start (Dapr's Redis Streams component does).
                if (!known.Contains(s.Topic))
                    await Command(connection, """
                        INSERT OR IGNORE INTO deliveries (message_id, app, route, dead_letter, next_attempt)
                        SELECT id, $app, $route, $dead, $now FROM messages WHERE topic = $topic
                        """, ("$app", app), ("$topic", s.Topic), ("$route", s.Route), ("$dead", s.DeadLetterTopic), ("$now", DateTime.UtcNow.Ticks)).ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Pending deliveries that are due, oldest message first.</summary>
    public async Task<List<Delivery>> DueAsync(int limit)
    {
        await using var connection = await OpenAsync();
        await using var reader = await Command(connection, """
            SELECT d.message_id, d.app, d.route, d.dead_letter, d.attempts, m.topic, m.body FROM deliveries d JOIN messages m ON m.id = d.message_id
            WHERE d.status = 'pending' AND d.next_attempt <= $now ORDER BY m.published, m.rowid LIMIT $limit
            """, ("$now", DateTime.UtcNow.Ticks), ("$limit", limit)).ExecuteReaderAsync();
        var due = new List<Delivery>();
        while (await reader.ReadAsync())
            due.Add(new Delivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt32(4), reader.GetString(5), reader.GetString(6)));
        return due;
    }

    public Task FinishAsync(Delivery delivery, string status, string? error = null) =>
        Update("UPDATE deliveries SET status = $status, last_error = $error WHERE message_id = $id AND app = $app",
            ("$status", status), ("$error", error), ("$id", delivery.MessageId), ("$app", delivery.App));

    public Task RetryLaterAsync(Delivery delivery, TimeSpan wait, string error, bool countAttempt = true) =>
        Update("UPDATE deliveries SET attempts = attempts + $count, next_attempt = $next, last_error = $error WHERE message_id = $id AND app = $app",
            ("$count", countAttempt ? 1 : 0), ("$next", (DateTime.UtcNow + wait).Ticks), ("$error", error), ("$id", delivery.MessageId), ("$app", delivery.App));

    /// <summary>Messages of a topic, oldest first, with the status of each delivery (for people and tests: GET /dev/messages).</summary>
    public async Task<List<object>> MessagesAsync(string? topic)
    {
        await using var connection = await OpenAsync();
        await using var reader = await Command(connection, """
            SELECT m.id, m.topic, m.body, m.published,
              (SELECT json_group_array(json_object('app', d.app, 'status', d.status, 'attempts', d.attempts, 'lastError', d.last_error))
                 FROM deliveries d WHERE d.message_id = m.id)
            FROM messages m WHERE $topic IS NULL OR m.topic = $topic ORDER BY m.published, m.rowid
            """, ("$topic", topic)).ExecuteReaderAsync();
        var messages = new List<object>();
        while (await reader.ReadAsync())
            messages.Add(new
            {
                id = reader.GetString(0), topic = reader.GetString(1), cloudEvent = System.Text.Json.JsonDocument.Parse(reader.GetString(2)).RootElement,
                published = new DateTime(reader.GetInt64(3), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
                deliveries = System.Text.Json.JsonDocument.Parse(reader.GetString(4)).RootElement,
            });
        return messages;
    }

    /// <summary>Keeps a mail the SMTP sink received.</summary>
    public Task AddMailAsync(StoredMail mail) =>
        Update("INSERT INTO mail (received, message_id, sender, recipients, subject, body) VALUES ($received, $id, $from, $to, $subject, $body)",
            ("$received", mail.Received.UtcTicks), ("$id", mail.MessageId), ("$from", mail.From), ("$to", string.Join(", ", mail.To)),
            ("$subject", mail.Subject), ("$body", mail.Body));

    /// <summary>The mail the SMTP sink received, newest first.</summary>
    public async Task<List<StoredMail>> MailAsync()
    {
        await using var connection = await OpenAsync();
        await using var reader = await Command(connection, "SELECT received, message_id, sender, recipients, subject, body FROM mail ORDER BY rowid DESC").ExecuteReaderAsync();
        var mail = new List<StoredMail>();
        while (await reader.ReadAsync())
            mail.Add(new StoredMail(new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetString(1), reader.GetString(2),
                reader.GetString(3).Split(", "), reader.GetString(4), reader.GetString(5)));
        return mail;
    }

    private async Task Update(string sql, params (string, object?)[] parameters)
    {
        await _lock.WaitAsync();
        try
        {
            await using var connection = await OpenAsync();
            await Command(connection, sql, parameters).ExecuteNonQueryAsync();
        }
        finally
        {
            _lock.Release();
        }
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connection);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connection);
        await connection.OpenAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
