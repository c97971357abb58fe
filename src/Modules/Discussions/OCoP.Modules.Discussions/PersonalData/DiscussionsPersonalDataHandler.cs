using Npgsql;
using OCoP.BuildingBlocks.PersonalData;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.PersonalData;

/// <summary>
/// Discussions's part of a member's personal-data export: every document of its schema that names the member
/// (<see cref="PersonalDataScan"/>). Public for Wolverine (docs/adr/0001); its own durable queue.
/// </summary>
public static class DiscussionsPersonalDataHandler
{
    public static async Task<PersonalDataExportAnswered> Handle(PersonalDataExportRequested request, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        new(request.ExportId, "discussions",
            await PersonalDataScan.ScanAsync(dataSource, DiscussionsModule.SchemaName, request.MemberId, [], cancellationToken));
}
