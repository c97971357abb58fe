using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OCoP.Tests.Integration.ApiClient.Generated;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.ApiClient;

/// <summary>
/// The generated client over the test host, as an integrator would set it up: a browser-like session (cookies, for
/// creating a token) or a bearer token. Authentication travels in the HTTP client's own headers and cookies.
/// </summary>
internal static class GeneratedClients
{
    /// <summary>A client that keeps the session cookie that signing in sets.</summary>
    public static OCoPApiClient Session(OCoPApp app) => Over(app.CreateSession());

    /// <summary>A client that sends <c>Authorization: Bearer {token}</c> on every request.</summary>
    public static OCoPApiClient Bearer(OCoPApp app, string token) => Over(app.CreateClient().WithBearer(token));

    public static OCoPApiClient Anonymous(OCoPApp app) => Over(app.CreateClient());

    private static OCoPApiClient Over(HttpClient http) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });
}
