using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanServices.DevSidecar;

/// <summary>The mail the SMTP sink received, as an accessible page: sender, recipients, subject, time and text of each, newest first.</summary>
public static partial class MailPage
{
    public static string Html(IReadOnlyList<StoredMail> mail, int port)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Mail sent – PlanServices dev sidecar</title>
            <style>
            body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.5;margin:0}
            main{max-width:60rem;margin:1rem auto;padding:0 1rem}a{color:#0b4a8b}a:focus{outline:3px solid #ffbf47;outline-offset:2px}
            article{border-top:2px solid #444;margin-top:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}
            dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}pre{white-space:pre-wrap;font-family:inherit;border:1px solid #444;padding:.5rem;background:#f6f6f6}
            </style>
            </head>
            <body>
            <main>
            <h1>Mail sent by the suite</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p>Every mail the services sent to the dev sidecar's SMTP sink (localhost:{port}), newest first; nothing is delivered anywhere else. ");
        html.Append(mail.Count switch { 0 => "No mail yet.", 1 => "1 mail.", var n => $"{n} mails." }).Append("</p>\n");
        for (var i = 0; i < mail.Count; i++)
        {
            var m = mail[i];
            html.Append(CultureInfo.InvariantCulture, $"""
                <article aria-labelledby="mail-{i}">
                <h2 id="mail-{i}">{Encode(m.Subject)}</h2>
                <dl>
                <dt>From</dt><dd>{Encode(m.From)}</dd>
                <dt>To</dt><dd>{Encode(string.Join(", ", m.To))}</dd>
                <dt>Received</dt><dd><time datetime="{m.Received:O}">{m.Received.ToString("d MMMM yyyy 'at' HH:mm:ss 'UTC'", CultureInfo.GetCultureInfo("en-GB"))}</time></dd>
                <dt>Message-Id</dt><dd>{Encode(m.MessageId)}</dd>
                </dl>
                <pre>{Links().Replace(Encode(m.Body), l => $"<a href=\"{l.Value}\">{l.Value}</a>")}</pre>
                </article>

                """);
        }
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}
