using System.Text.Json;

namespace Notifications.Grains.Tests;

public sealed class DirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("directory-").FullName;

    [Fact]
    public async Task Users_made_at_once_on_both_silos_are_each_found_once_by_an_audience_and_a_deleted_one_is_not()
    {
        await using var silo = await GrainsSilo.StartAsync();
        var pro = JsonDocument.Parse("\"pro\"").RootElement;
        var free = JsonDocument.Parse("\"free\"").RootElement;
        const int users = 2_500;
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            await silo.User("t", $"u{i}").ImportAsync(new UserUpdate(Attributes: new Dictionary<string, JsonElement> { ["plan"] = i % 2 == 0 ? pro : free })));
        var deleted = Enumerable.Range(0, 10).Select(i => $"u{i * 2}").ToArray();
        foreach (var userId in deleted)
        {
            await silo.User("t", userId).DeleteAsync();
        }

        var (matched, scanned, pages) = await ScanAsync(silo, "t", "plan == \"pro\"");
        var other = await ScanAsync(silo, "other", "plan == \"pro\"");

        var expected = Enumerable.Range(0, users).Where(i => i % 2 == 0).Select(i => $"u{i}").Except(deleted);
        Assert.Equal(expected.Order(StringComparer.Ordinal), matched.Order(StringComparer.Ordinal));
        Assert.Equal(users - deleted.Length, scanned);
        Assert.InRange(pages, 3, 4);
        Assert.Equal((0, 0), (other.Matched.Count, other.Scanned));
    }

    [Fact]
    public async Task A_listing_a_crash_left_behind_is_not_taken_for_the_user_it_names()
    {
        await using var silo = await GrainsSilo.StartAsync();
        await silo.User("t", "amy").UpdateAsync(new UserUpdate(Attributes: new Dictionary<string, JsonElement> { ["plan"] = JsonDocument.Parse("\"pro\"").RootElement }));
        var listedOn = await silo.User("t", "amy").DirectoryPageAsync();
        // A second page, and on it what a crash between a listing and the user's own write leaves: a user listed
        // twice, and one who was never stored.
        var places = await silo.Client.GetGrain<IUserDirectoryGrain>("t").PlaceAsync(UserDirectoryGrain.UsersPerPage + 1);
        var otherPage = places.First(page => page != listedOn);
        await silo.Client.GetGrain<IUserDirectoryPageGrain>(DirectoryKey.UserPage("t", otherPage)).AddAsync(["amy", "ghost"]);

        var (matched, _, _) = await ScanAsync(silo, "t", "plan == \"pro\"");

        Assert.Equal(0, listedOn);
        Assert.Equal(["amy"], matched);
    }

    [Fact]
    public async Task Records_added_at_once_are_all_durable_and_a_full_page_is_sealed_without_losing_one()
    {
        var path = Path.Combine(_directory, "records.db");
        var keys = Enumerable.Range(0, (2 * UserRecordsGrain.RecordsPerPage) + (UserRecordsGrain.RecordsPerPage / 2)).Select(i => $"n{i:d5}").ToArray();
        await using (var first = await GrainsSilo.StartAsync(sqlitePath: path))
        {
            var records = first.Client.GetGrain<IUserRecordsGrain>(UserKey.For("t", "amy"));
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) =>
                await records.AddAsync(new UserRecord(UserRecordKind.Notification, key)));
            await records.AddAsync(new UserRecord(UserRecordKind.FanOutPage, "page-1"));
            await records.AddAsync(new UserRecord(UserRecordKind.FanOutPage, "page-1"));
        }

        await using var second = await GrainsSilo.StartAsync(sqlitePath: path);
        var reread = second.Client.GetGrain<IUserRecordsGrain>(UserKey.For("t", "amy"));
        var held = await reread.GetAsync();
        var sealedPages = await Task.WhenAll(Enumerable.Range(0, held.SealedPages)
            .Select(page => second.Client.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(UserKey.For("t", "amy"), page)).GetAsync()));
        var all = sealedPages.SelectMany(page => page).Concat(held.Recent).ToArray();
        await reread.ClearAsync();
        var cleared = await reread.GetAsync();
        var clearedPage = await second.Client.GetGrain<IUserRecordsPageGrain>(DirectoryKey.RecordsPage(UserKey.For("t", "amy"), 0)).GetAsync();

        Assert.Equal(2, held.SealedPages);
        Assert.All(sealedPages, page => Assert.Equal(UserRecordsGrain.RecordsPerPage, page.Count));
        Assert.InRange(held.Recent.Count, 1, UserRecordsGrain.RecordsPerPage - 1);
        Assert.Equal(keys.Append("page-1").Order(StringComparer.Ordinal), all.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(UserRecordKind.FanOutPage, all.Single(r => r.Key == "page-1").Kind);
        Assert.Equal((0, 0, 0), (cleared.Recent.Count, cleared.SealedPages, clearedPage.Count));
    }

    private static async Task<(List<string> Matched, int Scanned, int Pages)> ScanAsync(GrainsSilo silo, string tenant, string filter)
    {
        var scan = silo.Client.GetGrain<IAudienceScanGrain>(tenant);
        var matched = new List<string>();
        int scanned = 0, pages = 0;
        int? next = 0;
        while (next is { } page)
        {
            var result = await scan.ScanAsync(tenant, filter, page);
            matched.AddRange(result.Matched);
            scanned += result.Scanned;
            pages++;
            next = result.NextPage;
        }

        return (matched, scanned, pages);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
