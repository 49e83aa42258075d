namespace Notifications.Grains.Tests;

public sealed class ControlCharactersTests
{
    [Fact]
    public void A_forged_log_line_or_terminal_escape_is_written_escaped_on_one_line()
    {
        var escaped = ControlCharacters.Escaped("Your code is 1234\r\n2026-12-06 INFO Notification x delivered\u001b[2J\u0085");

        Assert.Equal("Your code is 1234\\r\\n2026-12-06 INFO Notification x delivered\\u001b[2J\\u0085", escaped);
        Assert.Equal("Plain text, unchanged", ControlCharacters.Escaped("Plain text, unchanged"));
        Assert.Null(ControlCharacters.Escaped(null));
    }

    [Fact]
    public void A_header_value_stays_one_line()
    {
        Assert.Equal("Order 17  Bcc: all@example.com", ControlCharacters.ToSpaces("Order 17\r\nBcc: all@example.com"));
        Assert.True(ControlCharacters.In("tab\there"));
        Assert.False(ControlCharacters.In("Grüße, 東京 ✓"));
    }
}
