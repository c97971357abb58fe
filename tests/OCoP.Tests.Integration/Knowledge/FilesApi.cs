using System.Net.Http.Headers;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>Knowledge's files as tests use them.</summary>
internal static class FilesApi
{
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 200).Select(i => (byte)i)];

    public static string Files(Guid group) => $"/api/knowledge/groups/{group}/files";

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid group, byte[] content, string fileName, string target, string targetId,
        string claimedType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(claimedType);
        form.Add(file, "file", fileName);
        form.Add(new StringContent(target), "target");
        form.Add(new StringContent(targetId), "targetId");
        return client.PostAsync(Files(group), form);
    }
}
