using Pulse.Lsp.Documents;
using Pulse.Lsp.Protocol;

namespace Pulse.Lsp.Tests;

public class TextDocumentTests
{
    private static TextDocument Doc(string text) => new("file:///t.pulse", "/t.pulse", 1, text);

    private static TextDocumentContentChangeEvent Edit(int line1, int char1, int line2, int char2, string text) =>
        new(new LspRange(new Position(line1, char1), new Position(line2, char2)), null, text);

    [Fact]
    public void Ranged_changes_apply_in_order_each_on_the_previous_result()
    {
        var doc = Doc("source a: csv {\n  path = \"x\"\n}\n");

        var changed = doc.WithChanges(2, [
            Edit(0, 7, 0, 8, "orders"),          // a -> orders
            Edit(1, 2, 1, 6, "path"),            // same text, positions now relative to the new text
            Edit(1, 10, 1, 11, "data.csv"),      // x -> data.csv
            Edit(3, 0, 3, 0, "// end\n"),
        ]);

        Assert.Equal("source orders: csv {\n  path = \"data.csv\"\n}\n// end\n", changed.Text);
        Assert.Equal(2, changed.Version);
        Assert.Equal("source a: csv {\n  path = \"x\"\n}\n", doc.Text); // immutable
    }

    [Fact]
    public void A_change_without_range_replaces_the_whole_text()
    {
        var changed = Doc("old").WithChanges(2, [new TextDocumentContentChangeEvent(null, null, "new text"), Edit(0, 0, 0, 3, "NEW")]);

        Assert.Equal("NEW text", changed.Text);
    }

    [Fact]
    public void Positions_count_utf16_code_units_so_an_emoji_is_two_characters()
    {
        var doc = Doc("x = \"😀é\" // c");

        var changed = doc.WithChanges(2, [Edit(0, 8, 0, 9, "e")]); // 😀 is 5..6, é is 7, the closing quote 8

        Assert.Equal(2, "😀".Length);
        Assert.Equal("x = \"😀ée // c", changed.Text);
        Assert.Equal(new Position(0, 7), doc.PositionOf(doc.Text.IndexOf('é')));
    }

    [Fact]
    public void Crlf_and_lone_cr_both_end_lines_and_a_character_past_the_end_clamps_before_the_break()
    {
        var doc = Doc("ab\r\ncd\ref");

        Assert.Equal(3, doc.Lines.LineCount);
        Assert.Equal(4, doc.OffsetOf(new Position(1, 0)));
        Assert.Equal(6, doc.OffsetOf(new Position(1, 99)));   // end of "cd", not inside "\r"
        Assert.Equal(2, doc.OffsetOf(new Position(0, 50)));   // before "\r\n"
        Assert.Equal(doc.Text.Length, doc.OffsetOf(new Position(10, 0)));
        Assert.Equal(new Position(2, 1), doc.PositionOf(8));
    }

    [Fact]
    public void A_reversed_range_is_treated_as_the_same_range()
    {
        var changed = Doc("hello world").WithChanges(2, [Edit(0, 11, 0, 6, "there")]);

        Assert.Equal("hello there", changed.Text);
    }
}
