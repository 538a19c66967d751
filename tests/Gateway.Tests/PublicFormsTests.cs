using System.Net;
using PlanServices.Testing;

namespace PlanServices.Gateway.Tests;

/// <summary>
/// The public forms' guards, on a gateway of its own (no service behind it): a form that fills the field people never
/// see is thanked and goes nowhere, and an address that sends too many forms in the window is told to wait (429) before
/// anything reaches a service.
/// </summary>
public sealed class PublicFormsTests
{
    [Fact]
    public async Task A_robot_filling_the_hidden_field_is_thanked_without_a_call_and_too_many_forms_get_429_with_a_page()
    {
        await using var gateway = new ServiceServer<Gateway.Host>("gateway", new Dictionary<string, string> { ["Pack:FormsPerWindow"] = "3", ["Pack:FormsWindow"] = "00:10:00" });
        using var http = gateway.Http();
        var robot = new Dictionary<string, string> { ["email"] = "robot@example.org", [Pack.MeetingPages.Trap] = "https://spam.example" };

        for (var i = 0; i < 3; i++)
        {
            using var thanked = await http.PostAsync("/subscriptions", new FormUrlEncodedContent(robot));
            Assert.Equal(HttpStatusCode.OK, thanked.StatusCode);
            Assert.Contains("Please check your email", await thanked.Content.ReadAsStringAsync());
        }
        using var limited = await http.PostAsync("/subscriptions", new FormUrlEncodedContent(robot));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var page = await limited.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Too many requests</h1>", page);
        Assert.StartsWith("text/html", limited.Content.Headers.ContentType!.ToString());

        using var reading = await http.GetAsync("/subscriptions");
        Assert.Equal(HttpStatusCode.OK, reading.StatusCode);
    }
}
