using System.Text.Json.Nodes;
using Notifications.Testing;

namespace Notifications.Grains.Tests;

/// <summary>The fakes' contract checks find what they are there to find.</summary>
public sealed class OpenApiContractTests
{
    private const string Messages = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

    [Fact]
    public void A_Twilio_form_is_held_to_the_spec()
    {
        var twilio = OpenApiContract.Load("twilio_api_v2010.json");
        var account = new Dictionary<string, string> { ["AccountSid"] = "AC" + new string('a', 32) };

        var valid = twilio.CheckFormRequest("POST", Messages, account, Form(("To", "+4915112345678"), ("From", "+15005550006"), ("Body", "Hi")));
        var broken = twilio.CheckFormRequest("POST", Messages, new Dictionary<string, string> { ["AccountSid"] = "XY1" },
            Form(("From", "+15005550006"), ("Bodyy", "Hi"), ("ValidityPeriod", "soon"), ("StatusCallback", "not a url")));

        Assert.Empty(valid);
        Assert.Contains(broken, e => e.Contains("AccountSid"));
        Assert.Contains(broken, e => e.Contains("To is required"));
        Assert.Contains(broken, e => e.Contains("Bodyy is not in the spec"));
        Assert.Contains(broken, e => e.Contains("'soon' is not a integer"));
        Assert.Contains(broken, e => e.Contains("not a valid uri"));
    }

    [Fact]
    public void A_SendGrid_body_is_held_to_the_spec()
    {
        var sendGrid = OpenApiContract.Load("sendgrid_mail_v3.json");

        var valid = sendGrid.CheckJsonRequest("POST", "/v3/mail/send", JsonNode.Parse("""
            {"personalizations":[{"to":[{"email":"a@example.org"}]}],"from":{"email":"b@example.org"},"subject":"Hi",
             "content":[{"type":"text/plain","value":"Hi"}]}
            """));
        var broken = sendGrid.CheckJsonRequest("POST", "/v3/mail/send", JsonNode.Parse("""
            {"personalizations":[{"too":[]}],"from":"b@example.org","subject":"","content":[{"type":"text/plain"}],"sandbox":true}
            """));

        Assert.Empty(valid);
        Assert.Contains(broken, e => e.Contains("personalizations[0].to is required"));
        Assert.Contains(broken, e => e.Contains("$.from: a String where the spec wants object"));
        Assert.Contains(broken, e => e.Contains("$.sandbox is not in the spec"));
        Assert.Contains(broken, e => e.Contains("$.content[0].value is required"));
    }

    private static Dictionary<string, string[]> Form(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => new[] { f.Value });
}
