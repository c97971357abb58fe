using Marten;

namespace OCoP.BuildingBlocks.Persistence;

/// <summary>Pessimistic locks on Marten documents, for counters and read models that several writers change at once.</summary>
public static class RowLocks
{
    /// <summary>
    /// Starts the session's transaction and loads one document with <c>FOR UPDATE</c>: writers of the same document queue
    /// behind each other instead of losing updates. When a session locks several rows, lock them in one fixed order
    /// (for example the group, then the topic, then the post), so that two writers never wait for each other in a circle.
    /// </summary>
    public static async Task<T?> LoadForUpdateAsync<T>(IDocumentSession session, Guid id, CancellationToken cancellationToken) where T : notnull
    {
        await session.BeginTransactionAsync(cancellationToken);
        return (await session.QueryAsync<T>("where id = ? for update", cancellationToken, id)).SingleOrDefault();
    }

    /// <inheritdoc cref="LoadForUpdateAsync{T}(IDocumentSession, Guid, CancellationToken)"/>
    public static async Task<T?> LoadForUpdateAsync<T>(IDocumentSession session, string id, CancellationToken cancellationToken) where T : notnull
    {
        await session.BeginTransactionAsync(cancellationToken);
        return (await session.QueryAsync<T>("where id = ? for update", cancellationToken, id)).SingleOrDefault();
    }

    /// <summary>
    /// Writes a document loaded with <see cref="LoadForUpdateAsync{T}(IDocumentSession, Guid, CancellationToken)"/>: an
    /// insert when there was none (of two racing inserts the loser fails and its message is retried, now finding the row
    /// to lock), an update otherwise.
    /// </summary>
    public static void Save<T>(IDocumentSession session, T document, bool isNew) where T : notnull
    {
        if (isNew)
        {
            session.Insert(document);
        }
        else
        {
            session.Store(document);
        }
    }
}
